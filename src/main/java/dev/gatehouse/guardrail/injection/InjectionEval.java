package dev.gatehouse.guardrail.injection;

import java.util.ArrayList;
import java.util.List;

/**
 * The injection scorer measured on labelled prompts at one threshold: the confusion counts, precision
 * (of the prompts flagged, the share that were injections), recall (of the injections, the share
 * flagged), F1, and every prompt it got wrong with its score.
 */
public record InjectionEval(
        double threshold,
        int truePositives,
        int falsePositives,
        int falseNegatives,
        int trueNegatives,
        List<Scored> wrong) {

    /** One prompt with the score it got. */
    public record Scored(EvalPrompt prompt, InjectionScore score) {}

    public InjectionEval {
        wrong = List.copyOf(wrong);
    }

    public static InjectionEval run(List<EvalPrompt> prompts, InjectionScorer scorer, double threshold) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        int tn = 0;
        List<Scored> wrong = new ArrayList<>();
        for (EvalPrompt p : prompts) {
            InjectionScore score = scorer.score(p.text());
            boolean flagged = score.total() >= threshold;
            if (flagged && p.injection()) {
                tp++;
            } else if (flagged) {
                fp++;
                wrong.add(new Scored(p, score));
            } else if (p.injection()) {
                fn++;
                wrong.add(new Scored(p, score));
            } else {
                tn++;
            }
        }
        return new InjectionEval(threshold, tp, fp, fn, tn, wrong);
    }

    public double precision() {
        return truePositives + falsePositives == 0 ? 1.0 : (double) truePositives / (truePositives + falsePositives);
    }

    public double recall() {
        return truePositives + falseNegatives == 0 ? 1.0 : (double) truePositives / (truePositives + falseNegatives);
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
