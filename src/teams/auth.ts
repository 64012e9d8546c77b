/**
 * Bot Framework authentication for /api/messages: botbuilder's ConfigurationBotFrameworkAuthentication, which checks
 * each request's token (signed by a key from the OpenID metadata, issued by the Bot Framework, for our app id as
 * audience, with a `serviceurl` claim equal to the activity's service URL, endorsed for the activity's channel).
 *
 * Two additions:
 * - TEAMS_OPENID_METADATA_URL and TEAMS_TOKEN_ISSUER replace where the signing keys come from and who must have issued
 *   the token (tests serve their own; a sovereign cloud has its own). botbuilder takes every endpoint as given as soon
 *   as one is set, so the others are filled in with the public cloud's values.
 * - Every refusal of a token is recorded for the request it belongs to (`authenticating`), so the route answers 401:
 *   botbuilder answers 500 when a token's signature is bad (jsonwebtoken's error is not its AuthenticationError).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import {
  type Activity,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type ConfigurationServiceClientCredentialFactory,
} from "botbuilder";

/** The public cloud's Bot Framework endpoints (botframework-connector AuthenticationConstants). */
const PUBLIC_CLOUD = {
  ToChannelFromBotLoginUrl: "https://login.microsoftonline.com/botframework.com",
  ToChannelFromBotOAuthScope: "https://api.botframework.com",
  ToBotFromChannelTokenIssuer: "https://api.botframework.com",
  OAuthUrl: "https://api.botframework.com",
  ToBotFromChannelOpenIdMetadataUrl: "https://login.botframework.com/v1/.well-known/openidconfiguration",
  ToBotFromEmulatorOpenIdMetadataUrl: "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
  CallerId: "urn:botframework:azure",
} as const;

export interface TeamsAuthOptions {
  /** MICROSOFT_APP_ID; empty: no authentication (the local endpoint) */
  appId: string;
  appPassword?: string;
  tenantId?: string;
  appType: string;
  /** TEAMS_OPENID_METADATA_URL: where the keys that sign inbound tokens are published */
  openIdMetadataUrl?: string;
  /** TEAMS_TOKEN_ISSUER: the `iss` inbound tokens must carry */
  tokenIssuer?: string;
  /**
   * Makes the credentials of outbound calls (tests: MSAL refuses http authorities, so a test signs its own). Default:
   * botbuilder's, from the app id, password, type and tenant.
   */
  credentialsFactory?: ConfigurationServiceClientCredentialFactory;
}

/** What one request's authentication came to; set by `TeamsAuthentication` while the route's `authenticating` runs. */
export interface AuthAttempt {
  refused?: unknown;
}

const attempts = new AsyncLocalStorage<AuthAttempt>();

/** Runs `work` (the adapter processing one request) and says whether its token was refused. */
export async function authenticating<T>(work: () => Promise<T>): Promise<{ value: T; refused?: unknown }> {
  const attempt: AuthAttempt = {};
  const value = await attempts.run(attempt, work);
  return { value, refused: attempt.refused };
}

export class TeamsAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(options: TeamsAuthOptions) {
    const config: ConfigurationBotFrameworkAuthenticationOptions = {
      MicrosoftAppId: options.appId,
      MicrosoftAppPassword: options.appPassword,
      MicrosoftAppType: options.appType,
      MicrosoftAppTenantId: options.tenantId,
    };
    if (options.openIdMetadataUrl || options.tokenIssuer)
      Object.assign(config, PUBLIC_CLOUD, {
        ToBotFromChannelOpenIdMetadataUrl: options.openIdMetadataUrl ?? PUBLIC_CLOUD.ToBotFromChannelOpenIdMetadataUrl,
        ToBotFromChannelTokenIssuer: options.tokenIssuer ?? PUBLIC_CLOUD.ToBotFromChannelTokenIssuer,
      });
    super(config, options.credentialsFactory);
  }

  override async authenticateRequest(activity: Activity, authHeader: string) {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      const attempt = attempts.getStore();
      if (attempt) attempt.refused = error;
      throw error;
    }
  }
}
