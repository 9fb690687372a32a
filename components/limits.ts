// Limits of GCP and GKE that both the argument checks (settings.ts) and the builders read: kept here, apart from both,
// so neither imports the other for a number.

/** Cloud Armor takes at most 10 source ranges in one `srcIpRanges` match (Cloud Armor quotas and limits). */
export const rangesPerRule = 10;
/**
 * Rules one Cloud Armor policy may hold (Cloud Armor quotas and limits, "rules per security policy"), the default
 * rule included.
 */
export const maxSecurityPolicyRules = 200;
/** The most client ranges gcpResources.ts securityPolicyRules can allow in one policy. */
export const maxSecurityPolicyRanges = (maxSecurityPolicyRules - 1) * rangesPerRule;

/**
 * GCPBackendPolicy `logging.sampleRate` is an integer out of a million, divided by 1e6 for the Compute API
 * (gke-gateway-api apis/networking/v1/gcpbackendpolicy_types.go, LoggingConfig).
 */
export const sampleRateScale = 1_000_000;
/** `logSampleRate` (0..1) as the GCPBackendPolicy writes it: whole millionths. */
export const sampleRateMillionths = (rate: number): number => Math.round(rate * sampleRateScale);
