import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** A key and a self-signed certificate, as PEM files and their text. */
export interface SelfSignedCert {
    keyPath: string;
    certPath: string;
    certPem: string;
}

/**
 * Makes a self-signed P-256 certificate for `dnsNames`, valid for `days`, with the `openssl` CLI, like the
 * program's `tls.SelfSignedCert`: the certificate is its own CA, so a client trusts it by passing it as `ca`. The
 * subject CN is `commonName` (UTF-8), by default the first name.
 */
export function makeSelfSignedCert(
    openssl: string,
    dir: string,
    fileStem: string,
    dnsNames: string[],
    days = 30,
    commonName = dnsNames[0],
): SelfSignedCert {
    const keyPath = join(dir, `${fileStem}.key`);
    const certPath = join(dir, `${fileStem}.crt`);
    execFileSync(
        openssl,
        [
            "req",
            "-x509",
            "-nodes",
            "-days",
            String(days),
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-keyout",
            keyPath,
            "-out",
            certPath,
            "-utf8",
            "-subj",
            `/CN=${commonName}`,
            "-addext",
            `subjectAltName=${dnsNames.map((name) => `DNS:${name}`).join(",")}`,
        ],
        { stdio: ["ignore", "ignore", "pipe"], timeout: 10_000 },
    );
    return { keyPath, certPath, certPem: readFileSync(certPath, "utf8") };
}
