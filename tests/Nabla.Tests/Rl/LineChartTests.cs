using Nabla.Rl.Bandits;
using Nabla.Rl.Envs;
using Nabla.Rl.Plotting;
using Xunit;

namespace Nabla.Tests.Rl;

/// <summary>The PNG line chart used for regret and learning curves.</summary>
public class LineChartTests
{
    [Fact]
    public void TicksAreNiceAndCoverTheRange()
    {
        Assert.Equal([0, 20, 40, 60, 80, 100], LineChart.NiceTicks(0, 100));
        Assert.Equal([-0.4, -0.2, 0, 0.2, 0.4, 0.6], LineChart.NiceTicks(-0.33, 0.51));
    }

    [Fact]
    public void RendersSeriesInTheirColoursAndWritesAPng()
    {
        var chart = new LineChart("Regret", "step", "regret") { Width = 300, Height = 200 }
            .Add("up", [0, 1, 2, 3])
            .Add("down", [3, 2, 1, 0]);
        var px = chart.Render();
        Assert.Equal(300 * 200 * 3, px.Length);
        bool Has(byte r, byte g, byte b)
        {
            for (int i = 0; i < px.Length; i += 3)
                if (px[i] == r && px[i + 1] == g && px[i + 2] == b) return true;
            return false;
        }
        Assert.True(Has(31, 119, 180));
        Assert.True(Has(255, 127, 14));

        var curves = BanditExperiment.Run(_ => new BernoulliBandit([0.3, 0.7]), (r, k) => new Ucb1(k, r), runs: 5, steps: 50);
        string dir = Path.Combine(Path.GetTempPath(), "nabla-rl-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string png = Path.Combine(dir, "regret.png"), csv = Path.Combine(dir, "regret.csv");
            new LineChart("UCB1", "step", "regret").Add(curves.Agent, curves.CumulativeRegret).Save(png);
            var bytes = File.ReadAllBytes(png);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
            BanditExperiment.WriteCsv(csv, [curves]);
            var lines = File.ReadAllLines(csv);
            Assert.Equal(51, lines.Length);
            Assert.Equal("step,UCB1 c=1.41 reward,UCB1 c=1.41 regret,UCB1 c=1.41 optimal", lines[0]);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
        Assert.Contains("no series", Assert.Throws<InvalidOperationException>(() => new LineChart("t", "x", "y").Render()).Message);
    }

    [Fact]
    public void FixedYRangeClampsPointsToTheEdges()
    {
        var chart = new LineChart("t", "x", "y") { Width = 240, Height = 160, YMin = 0, YMax = 1, Legend = LegendPosition.BottomRight }
            .Add("s", [-5, 0.5, 7]);
        Assert.Equal(240 * 160 * 3, chart.Render().Length);
        Assert.Contains("YMin 1 is not below YMax 1", Assert.Throws<InvalidOperationException>(
            () => new LineChart("t", "x", "y") { YMin = 1, YMax = 1 }.Add("s", [0, 1]).Render()).Message);
    }
}
