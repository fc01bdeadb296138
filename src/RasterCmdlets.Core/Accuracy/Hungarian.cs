namespace RasterCmdlets.Core.Accuracy;

/// <summary>
/// The Hungarian algorithm (Kuhn–Munkres, in the O(n³) potentials form): the one-to-one assignment
/// of rows to columns that maximises the sum of the chosen cells. Used to pair an unsupervised
/// map's labels with reference classes by the agreement of their pixels.
/// </summary>
internal static class Hungarian
{
    /// <summary>For each row, its column, or −1 when there are more rows than columns and it got none.</summary>
    public static int[] Maximise(long[,] gain)
    {
        var (rows, cols) = (gain.GetLength(0), gain.GetLength(1));
        var n = Math.Max(rows, cols);
        if (n == 0) return [];
        long max = 0;
        foreach (var g in gain) max = Math.Max(max, g);
        // Minimise max − gain over a square matrix padded with zero gains.
        var cost = new double[n + 1, n + 1];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                cost[i + 1, j + 1] = max - (i < rows && j < cols ? gain[i, j] : 0);

        var u = new double[n + 1];
        var v = new double[n + 1];
        var owner = new int[n + 1];  // owner[j]: the row assigned to column j (1-based), 0 for none
        var way = new int[n + 1];
        for (var i = 1; i <= n; i++)
        {
            owner[0] = i;
            var j0 = 0;
            var minv = Enumerable.Repeat(double.PositiveInfinity, n + 1).ToArray();
            var used = new bool[n + 1];
            do
            {
                used[j0] = true;
                int i0 = owner[j0], j1 = 0;
                var delta = double.PositiveInfinity;
                for (var j = 1; j <= n; j++)
                {
                    if (used[j]) continue;
                    var cur = cost[i0, j] - u[i0] - v[j];
                    if (cur < minv[j]) { minv[j] = cur; way[j] = j0; }
                    if (minv[j] < delta) { delta = minv[j]; j1 = j; }
                }
                for (var j = 0; j <= n; j++)
                {
                    if (used[j]) { u[owner[j]] += delta; v[j] -= delta; }
                    else minv[j] -= delta;
                }
                j0 = j1;
            } while (owner[j0] != 0);
            do
            {
                var j1 = way[j0];
                owner[j0] = owner[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        var result = Enumerable.Repeat(-1, rows).ToArray();
        for (var j = 1; j <= n; j++)
            if (owner[j] - 1 < rows && j - 1 < cols) result[owner[j] - 1] = j - 1;
        return result;
    }
}
