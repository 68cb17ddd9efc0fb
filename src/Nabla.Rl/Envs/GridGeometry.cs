namespace Nabla.Rl.Envs;

/// <summary>A cell of a grid environment, row 0 at the top.</summary>
/// <param name="Row">The row, from 0 at the top.</param>
/// <param name="Col">The column, from 0 at the left.</param>
public readonly record struct Cell(int Row, int Col);

/// <summary>Moves on a rows × cols grid whose states are numbered <c>row · cols + col</c>.</summary>
internal static class GridGeometry
{
    /// <summary>The cell one step in direction (dRow, dCol), or null when that leaves the grid.</summary>
    public static Cell? Move(Cell c, int dRow, int dCol, int rows, int cols)
    {
        int r = c.Row + dRow, k = c.Col + dCol;
        return r < 0 || r >= rows || k < 0 || k >= cols ? null : new Cell(r, k);
    }

    public static void Check(Cell c, int rows, int cols, string what)
    {
        if (c.Row < 0 || c.Row >= rows || c.Col < 0 || c.Col >= cols)
            throw new ArgumentException($"{what} ({c.Row}, {c.Col}) lies outside the {rows}×{cols} grid.");
    }
}
