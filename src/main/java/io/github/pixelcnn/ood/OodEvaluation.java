package io.github.pixelcnn.ood;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.ImageDataset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One out-of-distribution evaluation: the reference (in-distribution, held out) and each candidate
 * set scored by one {@link OodScorer}, giving an {@link OodReport}. Sets are scored in the order
 * given, each up to {@code limit} images.
 */
public final class OodEvaluation {
    /** Progress of the evaluation: images done of the set now being scored. */
    @FunctionalInterface
    public interface Listener {
        void progress(String set, int done, int total);
    }

    private OodEvaluation() {}

    /**
     * @param candidates named candidate sets, in table order; names must be distinct
     * @param limit images per set, 0 = all
     */
    public static OodReport run(OodScorer scorer, ImageDataset reference, Map<String, ImageDataset> candidates, int limit,
            NDManager manager, Listener listener) {
        if (candidates.isEmpty()) {
            throw new BadInputException("no candidate sets to compare with the reference");
        }
        Map<String, ImageDataset> all = new LinkedHashMap<>();
        all.put("reference", reference);
        all.putAll(candidates);
        OodReport.Set ref = null;
        List<OodReport.Set> sets = new ArrayList<>();
        for (Map.Entry<String, ImageDataset> e : all.entrySet()) {
            ImageDataset data = e.getValue();
            if (data.size() == 0) {
                throw new BadInputException(e.getKey() + " (" + data.name() + "): the set is empty");
            }
            int n = limit == 0 ? data.size() : Math.min(limit, data.size());
            String name = e.getKey();
            OodScores scores = scorer.score(data, n, manager, done -> listener.progress(name, done, n));
            if (ref == null) {
                ref = new OodReport.Set(data.name(), scores);
            } else {
                sets.add(new OodReport.Set(name, scores));
            }
        }
        return new OodReport(ref, sets);
    }
}
