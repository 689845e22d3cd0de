import swagger from "swagger-client";

interface SwaggerRequest {
  url: string;
  headers: Record<string, string>;
}

interface Credentials {
  username: string;
  password: string;
}

// host:port → credentials of every Asterisk server this process talks to.
const credentialsByHost = new Map<string, Credentials>();

/**
 * Basic authorization chosen by the request's host. swagger-client 2.0.26 (under ari-client
 * 2.2.0) keeps one global authorization, which each `connect` replaces, so with several Asterisk
 * servers every REST call would carry the last server's password. This authorization picks the
 * credentials registered for the request's host instead.
 */
const hostAuthorization = {
  apply(request: SwaggerRequest): boolean {
    const credentials = credentialsByHost.get(new URL(request.url).host);

    if (!credentials) return false;
    request.headers.Authorization = "Basic " + Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64");
    return true;
  },
};

/**
 * Registers a server's credentials and (re)installs the host-keyed authorization. Call it after
 * every `ari-client` connect, since connect installs its own global one.
 */
export function installHostAuthorization(baseUrl: string, username: string, password: string): void {
  credentialsByHost.set(new URL(baseUrl).host, { username, password });
  swagger.authorizations.add("basic-auth", hostAuthorization);
}
