package io.github.pixelcnn.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.nn.MaskedConv2d;
import io.github.pixelcnn.nn.Precision;
import io.github.pixelcnn.nn.OutputHead;

/**
 * An {@link OutputHead}'s two masked 1×1 convolutions as matrices for one position at a time:
 * ReLU, hidden (F → head), ReLU, and per colour the logits of its {@code levels} values.
 */
final class HeadWeights {
    /** The hidden 1×1, (F, head), and its bias (head). */
    private final NDArray hidden;
    private final NDArray hiddenBias;
    /** Per colour its logits 1×1, (head, levels), and bias (levels). */
    private final NDArray[] logits;
    private final NDArray[] logitsBias;
    private final Precision precision;

    HeadWeights(OutputHead head, int colours, int levels, Precision precision, NDManager manager) {
        MaskedConv2d hid = head.hidden();
        this.precision = precision;
        hidden = precision.weight(owned(hid.maskedWeight(manager), manager)
                .reshape(hid.outChannels(), hid.inChannels()).transpose()); // (F, head)
        hiddenBias = hid.biasParameter().getArray(); // (head)
        MaskedConv2d out = head.logitsConv();
        // Output channel level·C + c holds colour c's logit of level, as the head's reshape reads it.
        NDArray all = owned(out.maskedWeight(manager), manager).reshape(levels, colours, out.inChannels());
        NDArray allBias = owned(out.biasParameter().getArray(), manager).reshape(levels, colours);
        logits = new NDArray[colours];
        logitsBias = new NDArray[colours];
        for (int ch = 0; ch < colours; ch++) {
            logits[ch] = precision.weight(keep(all.get(":, " + ch + ", :").transpose(), manager)); // (head, levels)
            logitsBias[ch] = allBias.get(":, " + ch); // (levels)
        }
    }

    /**
     * @param features the head's input at one position, (N, F)
     * @return the logits of colour {@code ch}, (N, levels)
     */
    NDArray logits(NDArray features, int ch) {
        NDArray a = precision.matMul(features.getNDArrayInternal().relu(), hidden, hiddenBias); // (N, head)
        return precision.matMul(a.getNDArrayInternal().relu(), logits[ch], logitsBias[ch]); // (N, levels)
    }

    /** Moves a derived array into {@code manager}, so it is freed with the run, not the model. */
    static NDArray keep(NDArray derived, NDManager manager) {
        derived.attach(manager);
        return derived;
    }

    /**
     * A copy in {@code manager} of an array that may belong to the model (a parameter, or a
     * masked weight when the mask is all ones), so that what is derived from it joins the run's
     * manager instead of growing the model's with every run.
     */
    static NDArray owned(NDArray array, NDManager manager) {
        if (array.getManager() == manager) {
            return array;
        }
        return keep(array.duplicate(), manager);
    }
}
