// Cloud Storage's naming rules for what objectStorage "gcs" creates or names: checked before anything exists, so a
// bad name is one refusal naming its argument, not a failed `pulumi up` half way through.

/**
 * Why `name` is not a Cloud Storage bucket name, by GCS's bucket naming rules (cloud.google.com/storage/docs/buckets,
 * "Bucket naming"): lowercase letters, digits, `-`, `_` and `.`; starting and ending with a letter or digit; 3 to 63
 * characters (with dots up to 222, each dot-separated part at most 63); not an IPv4 address in dotted-decimal form;
 * not starting with `goog`; not containing `google` or a close misspelling such as `g00gle`.
 */
export function gcsBucketNameProblems(name: string): string[] {
    const problems: string[] = [];
    const rule = "(GCS bucket naming rules)";
    if (!/^[a-z0-9._-]*$/.test(name)) problems.push(`"${name}" may hold only lowercase letters, digits, '-', '_' and '.' ${rule}`);
    if (!/^[a-z0-9](.*[a-z0-9])?$/.test(name)) problems.push(`"${name}" must start and end with a lowercase letter or digit ${rule}`);
    const dotted = name.includes(".");
    if (name.length < 3 || name.length > (dotted ? 222 : 63)) {
        problems.push(`"${name}" is ${name.length} characters long; a bucket name has 3 to 63 (with dots up to 222) ${rule}`);
    }
    const longPart = name.split(".").find((part) => part.length > 63);
    if (dotted && longPart !== undefined) problems.push(`"${longPart}" is longer than 63 characters; each dot-separated part of a bucket name is at most 63 ${rule}`);
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) problems.push(`"${name}" is an IP address, which a bucket name may not be ${rule}`);
    if (name.startsWith("goog")) problems.push(`"${name}" starts with "goog", which Google reserves ${rule}`);
    if (/g[o0][o0]g[l1]e/.test(name)) problems.push(`"${name}" contains "google" or a close misspelling, which Google reserves ${rule}`);
    return problems;
}

/** GCS's multi-regions and predefined dual-regions (cloud.google.com/storage/docs/locations), lower-cased. */
export const gcsMultiRegions = ["us", "eu", "asia", "nam4", "eur4", "eur5", "eur7", "eur8", "asia1"];

/**
 * Why `location` is not a Cloud Storage bucket location (cloud.google.com/storage/docs/locations): a region
 * (`us-central1`), a predefined dual-region (`nam4`) or a multi-region (`us`), in either case. A zone is no bucket
 * location.
 */
export function bucketLocationProblems(location: string): string[] {
    const lower = location.toLowerCase();
    if (/^[a-z]+-[a-z]+\d+$/.test(lower) || gcsMultiRegions.includes(lower)) return [];
    if (/^[a-z]+-[a-z]+\d+-[a-z]$/.test(lower)) {
        return [`"${location}" is a zone; a bucket lives in a region: use "${lower.replace(/-[a-z]$/, "")}" (cloud.google.com/storage/docs/locations)`];
    }
    return [`"${location}" is not a Cloud Storage location: a region (us-central1), a dual-region (${gcsMultiRegions.filter((r) => /\d/.test(r)).join(", ")}) or a multi-region (us, eu, asia) (cloud.google.com/storage/docs/locations)`];
}
