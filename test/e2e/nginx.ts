// nginx as a local stand-in for the GKE Layer-7 load balancer: it terminates TLS for the domain, chooses a
// route by the HTTP/2 :authority like the Ingress host rules, answers 404 when no host matches (like GKE's
// default backend) and re-encrypts HTTP/2 to the backend without checking its certificate (app-protocols HTTP2).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { join } from "node:path";
import type { SelfSignedCert } from "./certs";

/** One host rule: requests whose :authority is `host` go to 127.0.0.1:`backendPort` over TLS. */
export interface HostRoute {
    host: string;
    backendPort: number;
    /** The certificate served for this host (by SNI) instead of the front end's. */
    cert?: SelfSignedCert;
}

/** A running nginx. */
export interface Nginx {
    port: number;
    stop(): Promise<void>;
}

/** A port nothing listens on right now (the kernel hands out a fresh ephemeral one). */
export async function freePort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
    const address = server.address();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (address === null || typeof address === "string") throw new Error("no TCP address");
    return address.port;
}

/** nginx.conf text: everything under `dir`, nothing in the system's paths. */
export function nginxConfig(dir: string, port: number, cert: SelfSignedCert, routes: HostRoute[]): string {
    const listen = `listen 127.0.0.1:${port} ssl http2`;
    const routeServers = routes.map(
        (route) => `
    server {
        ${listen};
        server_name ${route.host};${
            route.cert === undefined
                ? ""
                : `
        ssl_certificate ${route.cert.certPath};
        ssl_certificate_key ${route.cert.keyPath};`
        }
        location / {
            grpc_pass grpcs://127.0.0.1:${route.backendPort};
            grpc_connect_timeout 2s;
        }
    }`,
    );
    return `
worker_processes 1;
error_log stderr warn;
pid ${join(dir, "nginx.pid")};
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path ${join(dir, "body")};
    proxy_temp_path ${join(dir, "proxy")};
    fastcgi_temp_path ${join(dir, "fastcgi")};
    uwsgi_temp_path ${join(dir, "uwsgi")};
    scgi_temp_path ${join(dir, "scgi")};
    ssl_certificate ${cert.certPath};
    ssl_certificate_key ${cert.keyPath};
    ssl_protocols TLSv1.2 TLSv1.3;
    server {
        ${listen} default_server;
        server_name _;
        return 404;
    }${routeServers.join("")}
}
`;
}

function canConnect(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = createConnection({ host: "127.0.0.1", port });
        socket.once("connect", () => {
            socket.destroy();
            resolve(true);
        });
        socket.once("error", () => resolve(false));
    });
}

async function waitForListening(
    child: ChildProcess,
    port: number,
    stderr: () => string,
    timeoutMs: number,
): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${stderr()}`);
        if (await canConnect(port)) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`nginx did not listen on 127.0.0.1:${port} within ${timeoutMs} ms: ${stderr()}`);
}

/** Starts the `nginx` binary in the foreground on a free loopback port, with its config, logs and pid file in `dir`. */
export async function startNginx(
    nginx: string,
    dir: string,
    cert: SelfSignedCert,
    routes: HostRoute[],
): Promise<Nginx> {
    mkdirSync(dir, { recursive: true });
    // The port is free when chosen but not reserved: another process may take it before nginx binds; try again.
    for (let attempt = 1; ; attempt++) {
        try {
            return await startNginxOnce(nginx, dir, await freePort(), cert, routes);
        } catch (error) {
            if (attempt === 3 || !/Address already in use/.test((error as Error).message)) throw error;
        }
    }
}

async function startNginxOnce(
    nginx: string,
    dir: string,
    port: number,
    cert: SelfSignedCert,
    routes: HostRoute[],
): Promise<Nginx> {
    const confPath = join(dir, "nginx.conf");
    writeFileSync(confPath, nginxConfig(dir, port, cert, routes));
    const child = spawn(nginx, ["-p", dir, "-c", confPath, "-g", "daemon off;"], {
        stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    try {
        await waitForListening(child, port, () => stderr, 5_000);
    } catch (error) {
        child.kill("SIGKILL");
        await exited;
        throw error;
    }
    return {
        port,
        async stop() {
            if (child.exitCode === null && child.signalCode === null) {
                // SIGTERM is nginx's fast shutdown: the master stops its worker before exiting.
                child.kill("SIGTERM");
                await exited;
            }
        },
    };
}
