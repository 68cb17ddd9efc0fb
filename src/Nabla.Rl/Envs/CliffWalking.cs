using System.Text;

namespace Nabla.Rl.Envs;

/// <summary>
/// Sutton and Barto's cliff walking (Example 6.6; Gymnasium's CliffWalking-v0): a 4×12 grid, start at (3, 0), goal at
/// (3, 11), the cliff along (3, 1..10). Actions 0 up, 1 right, 2 down, 3 left; every step pays −1, stepping into the
/// cliff pays −100 and returns the agent to the start without ending the episode; reaching the goal terminates.
/// The optimal path runs along the cliff edge: 13 steps, return −13.
/// </summary>
public sealed class CliffWalking : DiscreteEnv
{
    /// <summary>Rows of the grid.</summary>
    public const int Rows = 4;
    /// <summary>Columns of the grid.</summary>
    public const int Cols = 12;
    /// <summary>The start state, (3, 0).</summary>
    public const int StartState = 36;
    /// <summary>The goal state, (3, 11).</summary>
    public const int GoalState = 47;

    private static readonly (int DRow, int DCol)[] Moves = [(-1, 0), (0, 1), (1, 0), (0, -1)];
    private static readonly string[] ActionNames = ["Up", "Right", "Down", "Left"];

    /// <summary>Creates the environment.</summary>
    public CliffWalking() : base(BuildModel(), Start())
    {
    }

    /// <summary>Whether <paramref name="state"/> is a cliff cell.</summary>
    public static bool IsCliff(int state) => state / Cols == 3 && state % Cols is >= 1 and <= 10;

    /// <summary>The grid: <c>x</c> the agent, <c>C</c> the cliff, <c>T</c> the goal, <c>o</c> other cells (Gymnasium's letters).</summary>
    public override string Render()
    {
        var sb = new StringBuilder();
        for (int s = 0; s < Rows * Cols; s++)
        {
            sb.Append(s == State ? 'x' : IsCliff(s) ? 'C' : s == GoalState ? 'T' : 'o');
            if (s % Cols == Cols - 1) sb.Append('\n');
        }
        if (LastAction >= 0) sb.Append('(').Append(ActionNames[LastAction]).Append(")\n");
        return sb.ToString();
    }

    private static TabularModel BuildModel()
    {
        var p = new Transition[Rows * Cols][][];
        for (int s = 0; s < p.Length; s++)
        {
            p[s] = new Transition[4][];
            for (int a = 0; a < 4; a++)
            {
                if (s == GoalState)
                {
                    p[s][a] = [new(1, s, 0, true)];
                    continue;
                }
                var cell = new Cell(s / Cols, s % Cols);
                var next = GridGeometry.Move(cell, Moves[a].DRow, Moves[a].DCol, Rows, Cols) ?? cell;
                int ns = next.Row * Cols + next.Col;
                p[s][a] = [IsCliff(ns) ? new(1, StartState, -100, false) : new(1, ns, -1, ns == GoalState)];
            }
        }
        return new TabularModel(p);
    }

    private static double[] Start()
    {
        var d = new double[Rows * Cols];
        d[StartState] = 1;
        return d;
    }
}
