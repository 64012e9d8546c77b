/**
 * Bot Framework tokens for tests, signed for real: an OpenID metadata document and its JWKS served on 127.0.0.1 (what
 * TEAMS_OPENID_METADATA_URL points the bot at), RS256 tokens signed with a key generated here (node:crypto), carrying
 * what the Bot Connector's tokens carry (iss, aud = the app id, serviceurl, nbf, exp; no `ver`, which would make
 * botbuilder treat it as a skill's token). Outbound calls sign with a fixed test token instead of asking Entra ID
 * (MSAL refuses http authorities), through `TestCredentials`.
 */
import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import http, { type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ConfigurationServiceClientCredentialFactory } from "botbuilder";

export const TEST_APP_ID = "0f9b6c2e-3d4a-4b5c-8d6e-7f8091a2b3c4";
export const TEST_ISSUER = "https://api.botframework.test";
/** what the bot's outbound calls carry in tests */
export const OUTBOUND_TOKEN = "test-outbound-token";
export const KEY_ID = "teleecho-test-key";

interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

let keys: { signing: KeyPair; foreign: KeyPair } | undefined;
/** Generated once per test file: 2048-bit RSA keys take a moment. */
function testKeys() {
  keys ??= {
    signing: generateKeyPairSync("rsa", { modulusLength: 2048 }),
    foreign: generateKeyPairSync("rsa", { modulusLength: 2048 }),
  };
  return keys;
}

export interface TokenOptions {
  serviceUrl: string;
  audience?: string;
  issuer?: string;
  /** seconds from now; negative: expired that long ago */
  expiresIn?: number;
  /** the `kid` in the header; default the published key's */
  keyId?: string;
  /** sign with a key nobody published (under the published kid unless `keyId` says otherwise) */
  forged?: boolean;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

export class TokenIssuer {
  private server?: Server;

  get metadataUrl(): string {
    return `${this.base}/v1/.well-known/openidconfiguration`;
  }

  private get base(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error("the token issuer is not started");
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<void> {
    const jwk = { ...testKeys().signing.publicKey.export({ format: "jwk" }), kid: KEY_ID, use: "sig" };
    this.server = http.createServer((req, res) => {
      res.setHeader("content-type", "application/json");
      if (req.url === "/v1/.well-known/openidconfiguration")
        res.end(
          JSON.stringify({
            issuer: TEST_ISSUER,
            jwks_uri: `${this.base}/v1/.well-known/keys`,
            id_token_signing_alg_values_supported: ["RS256"],
          }),
        );
      else if (req.url === "/v1/.well-known/keys")
        res.end(JSON.stringify({ keys: [{ ...jwk, endorsements: ["msteams"] }] }));
      else {
        res.statusCode = 404;
        res.end("{}");
      }
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
  }

  /** A signed token as the Bot Connector sends it. */
  token(options: TokenOptions): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: "RS256", typ: "JWT", kid: options.keyId ?? KEY_ID };
    const payload = {
      serviceurl: options.serviceUrl,
      nbf: now - 60,
      exp: now + (options.expiresIn ?? 3600),
      iss: options.issuer ?? TEST_ISSUER,
      aud: options.audience ?? TEST_APP_ID,
    };
    const input = `${base64url(header)}.${base64url(payload)}`;
    const key = options.forged ? testKeys().foreign.privateKey : testKeys().signing.privateKey;
    return `${input}.${sign("RSA-SHA256", Buffer.from(input), key).toString("base64url")}`;
  }

  authorization(options: TokenOptions): string {
    return `Bearer ${this.token(options)}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }
}

type Credentials = Awaited<ReturnType<ConfigurationServiceClientCredentialFactory["createCredentials"]>>;

/** The app's credentials in tests: the app id is checked as usual; outbound requests carry `OUTBOUND_TOKEN`. */
export class TestCredentials extends ConfigurationServiceClientCredentialFactory {
  constructor(appId = TEST_APP_ID) {
    super({ MicrosoftAppId: appId, MicrosoftAppPassword: "test-only-password", MicrosoftAppType: "MultiTenant" });
  }

  override async createCredentials(): Promise<Credentials> {
    return {
      signRequest: async (request: Parameters<Credentials["signRequest"]>[0]) => {
        request.headers.set("authorization", `Bearer ${OUTBOUND_TOKEN}`);
        return request;
      },
    };
  }
}
