package dev.meshfleet.gitops.core;

/** Whether a delivery is authentic; when not, why, in words safe to answer with (never a secret or an expected value). */
public record Verdict(boolean verified, String reason) {
    private static final Verdict OK = new Verdict(true, null);

    public static Verdict ok() {
        return OK;
    }

    public static Verdict refused(String reason) {
        return new Verdict(false, reason);
    }
}
