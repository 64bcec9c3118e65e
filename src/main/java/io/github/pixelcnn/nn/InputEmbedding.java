package io.github.pixelcnn.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * A learned vector for every level of every colour: the network's input layer when a model's
 * {@link io.github.pixelcnn.model.InputEncoding} is EMBED.
 *
 * <p>The table has {@code colours · levels} rows of width E. Sub-pixel value v of colour c reads
 * row {@code c·levels + v}, so each colour has embeddings of its own, and the result lays colour
 * c's E features on channels {@code e·colours + c}: the colour group ({@code channel % colours})
 * of {@link ConvMask}, so the first layer's R→G→B mask keeps each colour's embedding to its own
 * group and the model stays causal exactly as with one float per sub-pixel.
 */
public final class InputEmbedding extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int colours;
    private final int levels;
    private final int width;
    private final Parameter table;
    private NDArray offsets;

    /** @param width E, the features per colour */
    public InputEmbedding(int colours, int levels, int width) {
        super(VERSION);
        this.colours = colours;
        this.levels = levels;
        this.width = width;
        // N(0, 1) as PyTorch's nn.Embedding: the first layer then sees unit-scale features.
        table = addParameter(Parameter.builder().setName("table").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape((long) colours * levels, width)).optInitializer(new NormalInitializer(1f))
                .build());
    }

    public Parameter tableParameter() {
        return table;
    }

    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initialize(manager, dataType, inputShapes);
        if (offsets == null) {
            long[] rows = new long[colours];
            for (int c = 0; c < colours; c++) {
                rows[c] = (long) c * levels;
            }
            offsets = manager.create(rows, new Shape(1, colours, 1, 1)); // (1, C, 1, 1) int64
        }
    }

    /**
     * The features of {@code images} (N, C, H, W), levels of any integer type, as (N, E·C, H, W) in
     * the table's type, contiguous (NCHW). Joins images' manager.
     *
     * <p>A one-hot product rather than libtorch's embedding lookup: the lookup's backward adds rows
     * of the gradient in a thread-dependent order, so the same seed would not give bit-identical
     * parameters; the product's backward is one matrix product, and costs about 2% of a step.
     */
    public NDArray apply(NDArray images) {
        Shape s = images.getShape();
        NDArray rows = images.toType(DataType.INT64, false).add(offsets); // (N, C, H, W) int64
        NDArray t = table.getArray();
        NDArray e = rows.oneHot(colours * levels, t.getDataType()).matMul(t); // (N, C, H, W, E)
        return e.transpose(0, 4, 1, 2, 3) // (N, E, C, H, W) view
                .reshape(s.get(0), (long) width * colours, s.get(2), s.get(3)); // (N, E·C, H, W) copy
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), (long) width * colours, in.get(2), in.get(3))};
    }
}
