// A real OpenID provider (the certified oidc-provider package) on loopback, for the
// single sign-on browser test. Arguments: port, the app's callback URL, client id, client
// secret, and a JSON map of account ids to email addresses. Its own development sign-in
// pages take any password for a known account id. Prints "ready" once listening.
import Provider from "oidc-provider";

const [port, redirectUri, clientId, clientSecret, accountsJson] = process.argv.slice(2);
const accounts = JSON.parse(accountsJson);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  cookies: { keys: ["loopback-test-only"] },
  async findAccount(ctx, id) {
    if (!(id in accounts)) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: accounts[id], email_verified: true, name: id };
      },
    };
  },
});
provider.proxy = false;
const server = provider.listen(Number(port), "127.0.0.1", () => console.log("ready"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
