using System.Text;

namespace Nabla.Rl.Envs;

/// <summary>Any action taken in <paramref name="From"/> moves the agent to <paramref name="To"/> and pays <paramref name="Reward"/>.</summary>
/// <param name="From">The cell the teleport acts from (Sutton and Barto's A or B).</param>
/// <param name="To">The destination (A′ or B′).</param>
/// <param name="Reward">The reward for the jump.</param>
public readonly record struct Teleport(Cell From, Cell To, double Reward);

/// <summary>A terminal cell paying <paramref name="Reward"/> on entry.</summary>
/// <param name="Cell">The cell.</param>
/// <param name="Reward">The reward for entering it.</param>
public readonly record struct Goal(Cell Cell, double Reward);

/// <summary>The layout and rewards of a <see cref="GridWorld"/>.</summary>
public sealed record GridWorldOptions
{
    /// <summary>Rows of the grid.</summary>
    public int Rows { get; init; } = 5;

    /// <summary>Columns of the grid.</summary>
    public int Cols { get; init; } = 5;

    /// <summary>Cells from which every action jumps elsewhere with a reward.</summary>
    public IReadOnlyList<Teleport> Teleports { get; init; } = [];

    /// <summary>Terminal cells with their entry rewards.</summary>
    public IReadOnlyList<Goal> Goals { get; init; } = [];

    /// <summary>Blocked cells: moving into one counts as bumping the edge.</summary>
    public IReadOnlyList<Cell> Walls { get; init; } = [];

    /// <summary>The reward of an ordinary move.</summary>
    public double StepReward { get; init; }

    /// <summary>The reward of a move off the grid or into a wall, which leaves the agent in place.</summary>
    public double OffGridReward { get; init; } = -1;

    /// <summary>
    /// Whether entering a goal pays <see cref="StepReward"/> on top of the goal's reward (−1 + 10 = 9 in the
    /// curriculum's star grid) or the goal's reward alone.
    /// </summary>
    public bool GoalAddsStepReward { get; init; } = true;

    /// <summary>The start cell; null starts uniformly on the cells that are neither walls nor goals.</summary>
    public Cell? Start { get; init; }
}

/// <summary>
/// A configurable deterministic gridworld with four actions, 0 up, 1 right, 2 down, 3 left (Gymnasium's
/// CliffWalking order); states are <c>row · Cols + col</c>. Moves off the grid or into walls leave the agent in place
/// and pay <see cref="GridWorldOptions.OffGridReward"/>; goals are terminal and absorbing. <see cref="SuttonBarto"/>
/// is the continuing 5×5 example of Sutton and Barto (Example 3.5) with teleports A → A′ (+10) and B → B′ (+5).
/// </summary>
public sealed class GridWorld : DiscreteEnv
{
    /// <summary>Action: move up one row.</summary>
    public const int Up = 0;
    /// <summary>Action: move right one column.</summary>
    public const int Right = 1;
    /// <summary>Action: move down one row.</summary>
    public const int Down = 2;
    /// <summary>Action: move left one column.</summary>
    public const int Left = 3;

    private static readonly (int DRow, int DCol)[] Moves = [(-1, 0), (0, 1), (1, 0), (0, -1)];
    private static readonly string[] ActionNames = ["Up", "Right", "Down", "Left"];

    /// <summary>Builds the gridworld described by <paramref name="options"/>.</summary>
    public GridWorld(GridWorldOptions options) : base(BuildModel(options), InitialDistribution(options))
    {
        Options = options;
    }

    /// <summary>The layout and rewards.</summary>
    public GridWorldOptions Options { get; }

    /// <summary>Rows of the grid.</summary>
    public int Rows => Options.Rows;

    /// <summary>Columns of the grid.</summary>
    public int Cols => Options.Cols;

    /// <summary>
    /// Sutton and Barto's 5×5 gridworld (Example 3.5, curriculum §7.3): from A = (0, 1) every action jumps to A′ = (4, 1)
    /// with +10, from B = (0, 3) to B′ = (2, 3) with +5; moves off the grid pay −1, others 0; no terminal state, so
    /// episodes end only by a time limit. With γ = 0.9 its optimal values start 22.0, 24.4, 22.0, 19.4, 17.5.
    /// </summary>
    public static GridWorld SuttonBarto() => new(new GridWorldOptions
    {
        Rows = 5,
        Cols = 5,
        Teleports = [new(new(0, 1), new(4, 1), 10), new(new(0, 3), new(2, 3), 5)],
    });

    /// <summary>
    /// The curriculum's "simple grid MDP" (seed001-002 §14.2): stars (terminal, +10) in the top-left and bottom-right
    /// corners, −1 per action, so the step onto a star nets +9 unless <paramref name="goalAddsStepReward"/> is false.
    /// </summary>
    public static GridWorld Stars(int rows = 4, int cols = 4, bool goalAddsStepReward = true) => new(new GridWorldOptions
    {
        Rows = rows,
        Cols = cols,
        Goals = [new(new(0, 0), 10), new(new(rows - 1, cols - 1), 10)],
        StepReward = -1,
        OffGridReward = -1,
        GoalAddsStepReward = goalAddsStepReward,
    });

    /// <summary>The state number of <paramref name="cell"/>.</summary>
    public int StateOf(Cell cell) => cell.Row * Cols + cell.Col;

    /// <summary>The cell of state <paramref name="state"/>.</summary>
    public Cell CellOf(int state) => new(state / Cols, state % Cols);

    /// <summary>
    /// The grid, one text row per row: <c>@</c> the agent, <c>A</c>, <c>B</c>, ... teleport sources and <c>a</c>,
    /// <c>b</c>, ... their destinations, <c>G</c> goals, <c>#</c> walls, <c>.</c> free cells; then the last action.
    /// </summary>
    public override string Render()
    {
        var grid = new char[Rows, Cols];
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Cols; c++) grid[r, c] = '.';
        foreach (var w in Options.Walls) grid[w.Row, w.Col] = '#';
        foreach (var g in Options.Goals) grid[g.Cell.Row, g.Cell.Col] = 'G';
        for (int i = 0; i < Options.Teleports.Count; i++)
        {
            var t = Options.Teleports[i];
            grid[t.To.Row, t.To.Col] = (char)('a' + i % 26);
            grid[t.From.Row, t.From.Col] = (char)('A' + i % 26);
        }
        if (State >= 0) grid[State / Cols, State % Cols] = '@';
        var sb = new StringBuilder();
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < Cols; c++) sb.Append(grid[r, c]);
            sb.Append('\n');
        }
        if (LastAction >= 0) sb.Append('(').Append(ActionNames[LastAction]).Append(")\n");
        return sb.ToString();
    }

    private static TabularModel BuildModel(GridWorldOptions o)
    {
        if (o.Rows <= 0 || o.Cols <= 0) throw new ArgumentException($"GridWorld: the grid must be non-empty, got {o.Rows}×{o.Cols}.");
        int n = o.Rows * o.Cols;
        var walls = new HashSet<Cell>(o.Walls);
        var goals = new Dictionary<Cell, double>();
        var teleports = new Dictionary<Cell, Teleport>();
        foreach (var w in o.Walls) GridGeometry.Check(w, o.Rows, o.Cols, "GridWorld: wall");
        foreach (var g in o.Goals)
        {
            GridGeometry.Check(g.Cell, o.Rows, o.Cols, "GridWorld: goal");
            if (walls.Contains(g.Cell) || !goals.TryAdd(g.Cell, g.Reward))
                throw new ArgumentException($"GridWorld: goal ({g.Cell.Row}, {g.Cell.Col}) is a wall or listed twice.");
        }
        foreach (var t in o.Teleports)
        {
            GridGeometry.Check(t.From, o.Rows, o.Cols, "GridWorld: teleport source");
            GridGeometry.Check(t.To, o.Rows, o.Cols, "GridWorld: teleport destination");
            if (walls.Contains(t.From) || walls.Contains(t.To) || goals.ContainsKey(t.From) || !teleports.TryAdd(t.From, t))
                throw new ArgumentException($"GridWorld: teleport from ({t.From.Row}, {t.From.Col}) conflicts with a wall, goal or other teleport.");
        }
        var p = new Transition[n][][];
        for (int s = 0; s < n; s++)
        {
            var cell = new Cell(s / o.Cols, s % o.Cols);
            p[s] = new Transition[4][];
            for (int a = 0; a < 4; a++)
            {
                Transition t;
                if (goals.ContainsKey(cell) || walls.Contains(cell)) t = new(1, s, 0, goals.ContainsKey(cell));
                else if (teleports.TryGetValue(cell, out var tp)) t = Enter(tp.To, tp.Reward, addGoal: false);
                else
                {
                    var next = GridGeometry.Move(cell, Moves[a].DRow, Moves[a].DCol, o.Rows, o.Cols);
                    t = next is Cell c && !walls.Contains(c) ? Enter(c, o.StepReward, addGoal: true) : new(1, s, o.OffGridReward, false);
                }
                p[s][a] = [t];
            }
        }
        return new TabularModel(p);

        Transition Enter(Cell c, double reward, bool addGoal)
        {
            int next = c.Row * o.Cols + c.Col;
            if (!goals.TryGetValue(c, out double g)) return new(1, next, reward, false);
            double r = addGoal ? g + (o.GoalAddsStepReward ? reward : 0) : reward;
            return new(1, next, r, true);
        }
    }

    private static double[] InitialDistribution(GridWorldOptions o)
    {
        var d = new double[o.Rows * o.Cols];
        if (o.Start is Cell start)
        {
            GridGeometry.Check(start, o.Rows, o.Cols, "GridWorld: start");
            d[start.Row * o.Cols + start.Col] = 1;
            return d;
        }
        var blocked = new HashSet<Cell>(o.Walls.Concat(o.Goals.Select(g => g.Cell)));
        int free = 0;
        for (int s = 0; s < d.Length; s++)
            if (!blocked.Contains(new Cell(s / o.Cols, s % o.Cols))) free++;
        if (free == 0) throw new ArgumentException("GridWorld: no free cell to start in.");
        for (int s = 0; s < d.Length; s++)
            if (!blocked.Contains(new Cell(s / o.Cols, s % o.Cols))) d[s] = 1.0 / free;
        return d;
    }
}
