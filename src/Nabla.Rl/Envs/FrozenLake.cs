using System.Text;

namespace Nabla.Rl.Envs;

/// <summary>
/// Gymnasium's FrozenLake: walk from <c>S</c> to the goal <c>G</c> over frozen cells <c>F</c> without falling into a
/// hole <c>H</c>. Actions 0 left, 1 down, 2 right, 3 up. On a slippery lake the agent moves in the intended direction
/// or either perpendicular one with probability 1/3 each (three entries in <c>P[s][a]</c>, as Gymnasium lists them).
/// Reward 1 on reaching the goal, 0 otherwise; holes and the goal are terminal and absorbing.
/// </summary>
public sealed class FrozenLake : DiscreteEnv
{
    /// <summary>Action: move left.</summary>
    public const int Left = 0;
    /// <summary>Action: move down.</summary>
    public const int Down = 1;
    /// <summary>Action: move right.</summary>
    public const int Right = 2;
    /// <summary>Action: move up.</summary>
    public const int Up = 3;

    /// <summary>Gymnasium's 4×4 map.</summary>
    public static IReadOnlyList<string> Map4x4 { get; } = ["SFFF", "FHFH", "FFFH", "HFFG"];

    /// <summary>Gymnasium's 8×8 map.</summary>
    public static IReadOnlyList<string> Map8x8 { get; } =
        ["SFFFFFFF", "FFFFFFFF", "FFFHFFFF", "FFFFFHFF", "FFFHFFFF", "FHHFFFHF", "FHFFHFHF", "FFFHFFFG"];

    private static readonly (int DRow, int DCol)[] Moves = [(0, -1), (1, 0), (0, 1), (-1, 0)];
    private static readonly string[] ActionNames = ["Left", "Down", "Right", "Up"];

    private readonly string[] _map;

    /// <summary>A lake from <paramref name="map"/> (rows of S/F/H/G; default the 4×4 map), slippery unless told otherwise.</summary>
    public FrozenLake(IReadOnlyList<string>? map = null, bool isSlippery = true)
        : this(Validate(map ?? Map4x4), isSlippery)
    {
    }

    private FrozenLake(string[] map, bool isSlippery) : base(BuildModel(map, isSlippery), Start(map))
    {
        _map = map;
        IsSlippery = isSlippery;
    }

    /// <summary>Whether moves slip sideways with probability 2/3.</summary>
    public bool IsSlippery { get; }

    /// <summary>The map's rows.</summary>
    public IReadOnlyList<string> Map => _map;

    /// <summary>The map with the agent's cell in brackets, then the last action, like Gymnasium's text mode.</summary>
    public override string Render()
    {
        var sb = new StringBuilder();
        if (LastAction >= 0) sb.Append("  (").Append(ActionNames[LastAction]).Append(")\n");
        int cols = _map[0].Length;
        for (int r = 0; r < _map.Length; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                bool here = r * cols + c == State;
                sb.Append(here ? '[' : ' ').Append(_map[r][c]).Append(here ? ']' : ' ');
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string[] Validate(IReadOnlyList<string> map)
    {
        if (map.Count == 0 || map[0].Length == 0) throw new ArgumentException("FrozenLake: the map is empty.");
        var rows = map.ToArray();
        foreach (var row in rows)
        {
            if (row.Length != rows[0].Length) throw new ArgumentException($"FrozenLake: row '{row}' has {row.Length} cells, the first row {rows[0].Length}.");
            foreach (char ch in row)
                if ("SFHG".IndexOf(ch) < 0) throw new ArgumentException($"FrozenLake: unknown cell '{ch}' in row '{row}' (use S, F, H, G).");
        }
        if (!rows.Any(r => r.Contains('S'))) throw new ArgumentException("FrozenLake: the map has no start cell S.");
        return rows;
    }

    private static TabularModel BuildModel(string[] map, bool slippery)
    {
        int rows = map.Length, cols = map[0].Length;
        var p = new Transition[rows * cols][][];
        for (int s = 0; s < p.Length; s++)
        {
            p[s] = new Transition[4][];
            char here = map[s / cols][s % cols];
            for (int a = 0; a < 4; a++)
            {
                if (here is 'H' or 'G')
                {
                    p[s][a] = [new(1, s, 0, true)];
                    continue;
                }
                p[s][a] = slippery
                    ? [Outcome(s, (a + 3) % 4, 1.0 / 3), Outcome(s, a, 1.0 / 3), Outcome(s, (a + 1) % 4, 1.0 / 3)]
                    : [Outcome(s, a, 1.0)];
            }
        }
        return new TabularModel(p);

        Transition Outcome(int s, int direction, double prob)
        {
            var cell = new Cell(s / cols, s % cols);
            var next = GridGeometry.Move(cell, Moves[direction].DRow, Moves[direction].DCol, rows, cols) ?? cell;
            char kind = map[next.Row][next.Col];
            return new(prob, next.Row * cols + next.Col, kind == 'G' ? 1.0 : 0.0, kind is 'G' or 'H');
        }
    }

    private static double[] Start(string[] map)
    {
        int cols = map[0].Length;
        var d = new double[map.Length * cols];
        int starts = map.Sum(r => r.Count(ch => ch == 'S'));
        for (int s = 0; s < d.Length; s++)
            if (map[s / cols][s % cols] == 'S') d[s] = 1.0 / starts;
        return d;
    }
}
