// From what a step saw to what failed and what to fix. Pure functions: the tests feed them the errors Node,
// grpc-js and Milvus produce and check the advice.
import type { Target } from "./options";

/** What failed, and what to do about it; printed as one line. */
export interface Failure {
    problem: string;
    fix: string;
}

/** A step's failure, already diagnosed. */
export class ProbeFailure extends Error {
    override readonly name = "ProbeFailure";
    constructor(readonly failure: Failure) {
        super(`${failure.problem} — fix: ${failure.fix}`);
    }
}

const where = (target: Target) => `${target.host}:${target.port}`;

/** A step that did not finish within --timeout. */
export function timeoutFailure(target: Target): Failure {
    return {
        problem: `no answer from ${where(target)} within ${target.timeoutMs / 1000} s`,
        fix: "check the address and your firewall; a new load balancer can take several minutes to answer; or raise --timeout",
    };
}

/** TCP connect errors (node:net error codes). */
export function connectFailure(error: NodeJS.ErrnoException, target: Target): Failure {
    switch (error.code) {
        case "ENOTFOUND":
        case "EAI_AGAIN":
            return {
                problem: `cannot resolve ${target.host} (${error.code})`,
                fix: "point the domain's DNS A record at the loadBalancerIp output, or pass --address <loadBalancerIp>:443",
            };
        case "ECONNREFUSED":
            return {
                problem: `connection refused at ${where(target)}`,
                fix: "pass --address <loadBalancerIp output>:443; the load balancer listens on 443 only (port 80 is closed)",
            };
        default:
            return {
                problem: `cannot reach ${where(target)} (${error.code ?? error.message})`,
                fix: "check the address (the loadBalancerIp output), your network and firewall, and that the Ingress has an IP (kubectl get ingress)",
            };
    }
}

/** The certificate the server presented, as the report shows it. */
export interface CertificateSummary {
    subject: string;
    sans: string;
    validTo: string;
}

// OpenSSL's chain-verification results that mean "signed by nobody you trust".
const untrustedChain = new Set([
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "SELF_SIGNED_CERT_IN_CHAIN",
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    "UNABLE_TO_GET_ISSUER_CERT",
    "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
    "CERT_SIGNATURE_FAILURE",
    "CERT_UNTRUSTED",
]);

// The front-end tls.SelfSignedCert has earlyRenewalHours 30 * 24 (components/milvusL7LoadBalancer.ts).
const renewSelfSigned =
    "run pulumi up: it renews the self-signed certificate within 30 days of expiry; then use the new certificatePem output";

/** A certificate chain Node's TLS refused (`socket.authorizationError`). */
export function trustFailure(code: string, certificate: CertificateSummary, target: Target): Failure {
    const presented = `certificate ${certificate.subject} (${certificate.sans})`;
    if (code === "CERT_HAS_EXPIRED") {
        return { problem: `${presented} expired on ${certificate.validTo}`, fix: renewSelfSigned };
    }
    if (code === "CERT_NOT_YET_VALID") {
        return { problem: `${presented} is not valid yet`, fix: "check this machine's clock" };
    }
    if (untrustedChain.has(code)) {
        return {
            problem: `${presented} is not trusted by ${target.ca?.source ?? "the system roots"} (${code})`,
            fix:
                target.ca === undefined
                    ? "self-managed mode: pass --ca-file with the certificatePem output (pulumi stack output certificatePem > frontend.pem); google-managed: wait until the ManagedCertificate is Active"
                    : "pass --ca-file with the current certificatePem output (pulumi stack output certificatePem > frontend.pem); it changes when the certificate is renewed",
        };
    }
    return {
        problem: `${presented} was refused (${code})`,
        fix: "check the certificate the load balancer serves (kubectl describe ingress)",
    };
}

/** Fewer days than this before expiry get a warning: time to renew and to hand clients the new certificate. */
export const expiryWarningDays = 7;

/** A trusted certificate close to expiry: a warning (it still works), or undefined while it has time left. */
export function expiryWarning(daysLeft: number, certificate: CertificateSummary, target: Target): Failure | undefined {
    if (daysLeft >= expiryWarningDays) return undefined;
    // GCP renews a Google-managed certificate itself, and, as when it provisions one, only while the domain's DNS
    // points at the load balancer (cloud.google.com/load-balancing/docs/ssl-certificates/google-managed-certs).
    return {
        problem: `certificate ${certificate.subject} expires on ${certificate.validTo}, within ${expiryWarningDays} days`,
        fix:
            target.ca === undefined
                ? "a Google-managed certificate renews itself only while the domain resolves to the load balancer: check kubectl describe managedcertificate"
                : renewSelfSigned,
    };
}

/** The certificate does not cover the name the client asked for. */
export function nameFailure(reason: string, target: Target): Failure {
    return {
        problem: `the certificate does not cover ${target.serverName}: ${reason}`,
        fix: "pass --server-name with the domain the stack serves (the domain config key, the endpoint output)",
    };
}

// A server that speaks ALPN but none of the protocols offered ends the handshake with the fatal alert
// no_application_protocol (RFC 7301 section 3.2; nginx and Node's tls server both do); Node names the alert so.
const noApplicationProtocol = "ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL";

/** The TLS handshake itself failed (reset, not TLS, no common protocol, no HTTP/2). */
export function handshakeFailure(error: NodeJS.ErrnoException, target: Target): Failure {
    if (error.code === noApplicationProtocol) return alpnFailure("the TLS alert no_application_protocol", target);
    return {
        problem: `TLS handshake with ${where(target)} failed: ${error.message}`,
        fix: "dial the HTTPS front end (port 443); with google-managed certificates, HTTPS works only once the ManagedCertificate is Active (up to 60 min)",
    };
}

/**
 * The server did not agree to HTTP/2, which gRPC needs: `answer` is the protocol it chose (false or null: none), or
 * how it refused.
 */
export function alpnFailure(answer: string | false | null, target: Target): Failure {
    return {
        problem: `${where(target)} did not offer HTTP/2 in TLS ALPN (got ${answer || "none"})`,
        fix: "gRPC needs HTTP/2: dial the GKE load balancer itself, not a proxy in between",
    };
}

/** An HTTP status other than 200 from the load balancer (GKE answers these itself, before any backend). */
export function httpStatusFailure(status: number, target: Target): Failure {
    const problem = `the load balancer answered HTTP ${status}`;
    switch (status) {
        case 404:
            return {
                problem: `${problem}: the Ingress host rule did not match ${target.serverName}`,
                fix: "pass --server-name <domain> (the domain config key) or set serveAnyHost to true",
            };
        case 502:
        case 503:
            return {
                problem: `${problem}: its backends are unhealthy or refuse it`,
                fix: "check the BackendConfig health check on 9091 /healthz (kubectl get ingress -o yaml: ingress.kubernetes.io/backends) and that Milvus has TLS on (tlsMode 1), since the load balancer speaks HTTP/2 over TLS to it",
            };
        case 504:
            return {
                problem: `${problem}: Milvus did not answer in time`,
                fix: "check the Milvus proxy pods and logs; the BackendConfig timeoutSec bounds every call",
            };
        case 403:
            return {
                problem: `${problem}: access denied`,
                fix: "check the BackendConfig's Cloud Armor securityPolicy allows your address",
            };
        case 401:
            return {
                problem: `${problem}: the load balancer asks for credentials`,
                fix: "IAP is probably on in the BackendConfig; Milvus clients send no IAP token, so turn IAP off for this backend",
            };
        default:
            return { problem, fix: "check the Ingress and its backends (kubectl describe ingress)" };
    }
}

/** What the HTTP/2 route step saw when it passed: the backend itself answering gRPC through the load balancer. */
export interface RouteAnswer {
    status: number;
    contentType: string;
}

/** A 200 answer that is not gRPC: the load balancer talks to something that is not Milvus's gRPC port. */
export function notGrpcFailure(contentType: string | undefined): Failure {
    return {
        problem: `the backend answered, but not with gRPC (content-type ${contentType ?? "none"})`,
        fix: "the Ingress must route to the Milvus Service port 19530 with app-protocols HTTP2 (cloud.google.com/app-protocols)",
    };
}

/** The parts of a grpc-js ServiceError the diagnosis reads. */
export interface GrpcErrorLike {
    code?: number;
    details?: string;
    message: string;
}

// @grpc/grpc-js status codes (the values are the gRPC spec's).
const grpcStatus = {
    DEADLINE_EXCEEDED: 4,
    PERMISSION_DENIED: 7,
    UNIMPLEMENTED: 12,
    UNAVAILABLE: 14,
    UNAUTHENTICATED: 16,
} as const;

// grpc-js turns a non-200 HTTP status into a gRPC status with these details (subchannel-call mapHttpStatusCode).
const httpStatusDetails = /Received HTTP status code (\d{3})/;

/** A Milvus method called through the SDK, and what the route step saw before it (undefined: not seen). */
export interface MilvusCall {
    method: string;
    route?: RouteAnswer;
}

/** An SDK call that failed with a gRPC error. */
export function grpcFailure(
    error: GrpcErrorLike,
    target: Target,
    call: MilvusCall = { method: "the method" },
): Failure {
    const details = error.details ?? error.message;
    const httpStatus = httpStatusDetails.exec(details);
    if (httpStatus !== null) return httpStatusFailure(Number(httpStatus[1]), target);
    switch (error.code) {
        case grpcStatus.UNAUTHENTICATED:
            return authFailure(`Milvus refused the credentials (${details})`, target);
        case grpcStatus.PERMISSION_DENIED:
            return {
                problem: `permission denied (${details})`,
                fix: "use a user with the privilege (root has all), via --token",
            };
        case grpcStatus.DEADLINE_EXCEEDED:
            return timeoutFailure(target);
        case grpcStatus.UNIMPLEMENTED:
            return unimplementedFailure(call);
        case grpcStatus.UNAVAILABLE:
            return {
                problem: `Milvus unavailable (${details})`,
                fix: "check the Milvus proxy pods (kubectl get pods) and the Ingress backends (ingress.kubernetes.io/backends)",
            };
        default:
            return { problem: error.message, fix: "check the Milvus proxy logs" };
    }
}

/** Authentication refused, by gRPC status or by Milvus status. */
export function authFailure(problem: string, target: Target): Failure {
    return {
        problem,
        fix:
            target.token === undefined
                ? "authentication is on: pass --token root:<password> (the rootPassword output)"
                : `check the user and password (given by ${target.token.source}); pass --token <user:password>`,
    };
}

/**
 * UNIMPLEMENTED is a 404 from the load balancer (grpc-js maps HTTP 404 to it) or a server without the method; the
 * SDK's retry interceptor then turns it into an empty success (for Milvus versions without Connect), so an SDK
 * call can "succeed" with no status at all. Once the route step has seen the backend answer gRPC through the load
 * balancer, the route is not the problem: that Milvus lacks the method.
 */
export function unimplementedFailure(call: MilvusCall): Failure {
    if (call.route !== undefined) {
        return {
            problem: `Milvus does not implement ${call.method} (UNIMPLEMENTED), though the route step saw the backend answer gRPC (HTTP ${call.route.status} ${call.route.contentType})`,
            fix: `the Milvus behind the load balancer is older than ${call.method}: upgrade it to Milvus 2.6 (the chartVersion config key), which this verifier's SDK targets`,
        };
    }
    return {
        problem: `the server answered UNIMPLEMENTED to ${call.method} (a 404 from the load balancer, or not Milvus 2.x)`,
        fix: "route the Ingress to the Milvus Service port 19530, and check --server-name matches its host rule",
    };
}

/** Milvus's own status in a response (`common.Status`). */
export interface MilvusStatus {
    code?: number;
    error_code?: string;
    reason?: string;
}

// merr codes: 1800 ErrNeedAuthenticate, 1401 ErrPrivilegeNotAuthenticated (Milvus pkg/util/merr).
const milvusAuthCodes = new Set([1800, 1401]);

/** A response whose status is not Success. */
export function milvusStatusFailure(status: MilvusStatus, target: Target): Failure {
    const problem = `Milvus error ${status.code ?? status.error_code}: ${status.reason || status.error_code}`;
    if (status.code !== undefined && milvusAuthCodes.has(status.code)) return authFailure(problem, target);
    return { problem, fix: "check the Milvus proxy logs (kubectl logs) for this error" };
}

/** CheckHealth said isHealthy false. */
export function unhealthyFailure(reasons: string[]): Failure {
    return {
        problem: `Milvus reports itself unhealthy: ${reasons.length === 0 ? "no reason given" : reasons.join("; ")}`,
        fix: "check the Milvus pods and their logs (kubectl get pods -l app.kubernetes.io/name=milvus); a new release may still be starting",
    };
}
