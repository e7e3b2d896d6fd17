// Signed links (invitations, e-mail confirmation) use their own key, so a leaked link key
// cannot mint admin sessions. The fallback was meant for local development only.
export const linkSigning = {
  secret: process.env.LINK_SIGNING_SECRET ?? 'acme-links-2023-local-4f9c2b7e1d8a6c3b5e0f',
  expiresIn: '7d',
};
