using RobotEdge.Perception.ModelImport.Tflite;

namespace RobotEdge.Perception.ModelImport.Conversion;

/// <summary>
/// Expands a sparse TFLite constant (TACO-style <c>SparsityParameters</c>) into its dense
/// row-major element order, the job TFLite's DENSIFY operator does at load time. Works on element
/// indices, so one routine serves every element type.
/// </summary>
internal static class SparseTensorDensifier
{
    /// <summary>
    /// For each stored value (in storage order), its flat index in the dense row-major tensor of
    /// <paramref name="denseShape"/>. Throws <see cref="InvalidDataException"/> on metadata that
    /// points outside the tensor.
    /// </summary>
    public static int[] DenseIndices(TfliteSparsity sparsity, int[] denseShape, int storedCount)
    {
        int rank = denseShape.Length;
        int levels = sparsity.TraversalOrder.Length;
        if (levels != sparsity.Dimensions.Length || levels != rank + sparsity.BlockMap.Length)
        {
            throw new InvalidDataException($"sparsity metadata has {sparsity.Dimensions.Length} dimensions and a traversal order of {levels} for a rank-{rank} tensor with {sparsity.BlockMap.Length} block dimensions");
        }

        // Block dimension k splits original dimension BlockMap[k] into blocks of this size; its
        // metadata sits at traversal level rank + k (TFLite's FormatConverter makes the same assumption).
        var blockSize = new int[sparsity.BlockMap.Length];
        for (int k = 0; k < blockSize.Length; k++)
        {
            blockSize[k] = sparsity.Dimensions[rank + k].DenseSize;
        }

        var result = new int[storedCount];
        var levelIndex = new int[levels];
        var originalIndex = new int[rank];
        int next = 0;
        Visit(0, 0);
        if (next != storedCount)
        {
            throw new InvalidDataException($"sparsity metadata addresses {next} values, the buffer holds {storedCount}");
        }

        return result;

        void Visit(int level, int parentPosition)
        {
            if (level == levels)
            {
                if (next >= storedCount)
                {
                    throw new InvalidDataException($"sparsity metadata addresses more values than the buffer's {storedCount}");
                }

                result[next++] = FlatIndex();
                return;
            }

            var dim = sparsity.Dimensions[level];
            if (!dim.IsSparse)
            {
                for (int i = 0; i < dim.DenseSize; i++)
                {
                    levelIndex[level] = i;
                    Visit(level + 1, parentPosition * dim.DenseSize + i);
                }

                return;
            }

            if (parentPosition + 1 >= dim.Segments.Length)
            {
                throw new InvalidDataException($"sparse level {level}: segment {parentPosition + 1} is missing ({dim.Segments.Length} segments)");
            }

            for (int i = dim.Segments[parentPosition]; i < dim.Segments[parentPosition + 1]; i++)
            {
                if (i < 0 || i >= dim.Indices.Length)
                {
                    throw new InvalidDataException($"sparse level {level}: index position {i} is outside its {dim.Indices.Length} indices");
                }

                levelIndex[level] = dim.Indices[i];
                Visit(level + 1, i);
            }
        }

        int FlatIndex()
        {
            for (int i = 0; i < rank; i++)
            {
                originalIndex[sparsity.TraversalOrder[i]] = levelIndex[i];
            }

            for (int i = rank; i < levels; i++)
            {
                int block = sparsity.TraversalOrder[i] - rank;
                int dim = sparsity.BlockMap[block];
                originalIndex[dim] = originalIndex[dim] * blockSize[block] + levelIndex[i];
            }

            int flat = 0;
            for (int d = 0; d < rank; d++)
            {
                if ((uint)originalIndex[d] >= (uint)denseShape[d])
                {
                    throw new InvalidDataException($"sparsity metadata addresses index {originalIndex[d]} of dimension {d} (size {denseShape[d]})");
                }

                flat = flat * denseShape[d] + originalIndex[d];
            }

            return flat;
        }
    }
}
