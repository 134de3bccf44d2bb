namespace RobotEdge.Vision.Calibration;

/// <summary>
/// A calibration chessboard: <see cref="Columns"/> × <see cref="Rows"/> inner corners (a "9x6"
/// board has 10 × 7 squares) of side <see cref="SquareMm"/> millimetres.
/// </summary>
public readonly record struct ChessboardSpec(int Columns, int Rows, double SquareMm)
{
    /// <summary>Number of inner corners.</summary>
    public int CornerCount => Columns * Rows;

    /// <summary>Parses "9x6" (inner corners) with the square size.</summary>
    /// <exception cref="ArgumentException">The text is not COLUMNSxROWS with both at least 2, or the size is not positive.</exception>
    public static ChessboardSpec Parse(string board, double squareMm)
    {
        string[] parts = board.ToLowerInvariant().Split('x');
        if (parts.Length != 2 || !int.TryParse(parts[0], out int columns) || !int.TryParse(parts[1], out int rows) || columns < 2 || rows < 2)
        {
            throw new ArgumentException($"--board '{board}' is not COLUMNSxROWS of inner corners, e.g. 9x6");
        }

        if (!(squareMm > 0))
        {
            throw new ArgumentException($"--square-mm {squareMm} must be positive");
        }

        return new ChessboardSpec(columns, rows, squareMm);
    }

    /// <summary>The inner corners on the board plane (x along columns, y along rows, z = 0), millimetres, row by row.</summary>
    public float[] ObjectPoints()
    {
        var points = new float[3 * CornerCount];
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < Columns; c++)
            {
                int i = r * Columns + c;
                points[3 * i] = (float)(c * SquareMm);
                points[3 * i + 1] = (float)(r * SquareMm);
            }
        }

        return points;
    }
}
