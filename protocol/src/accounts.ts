/**
 * Accounts on the wire: register / sign-in bodies, who is signed in (`GET /api/auth/me`), and
 * API tokens for bridges and scripts (`/api/tokens`). The hub and the web app validate with the
 * same schemas, so a form shows the hub's rules before anything is sent.
 */
import { z } from "zod";

/** Emails compare case-insensitively: the hub stores and looks them up trimmed and lower-cased. */
export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "enter your email address")
  .max(254, "an email address has at most 254 characters")
  .pipe(z.email({ message: "enter an email address like name@example.com" }));

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

export const NewPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `use at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `use at most ${PASSWORD_MAX_LENGTH} characters`);

export const DisplayNameSchema = z.string().trim().min(1, "enter the name others will see").max(60, "use at most 60 characters");

/** Body of `POST /api/auth/register`. */
export const RegisterSchema = z.object({
  email: EmailSchema,
  password: NewPasswordSchema,
  displayName: DisplayNameSchema,
});
export type Register = z.infer<typeof RegisterSchema>;

/** Body of `POST /api/auth/login`. The password is not checked against the rules of new ones. */
export const LoginSchema = z.object({
  email: EmailSchema,
  password: z.string().min(1, "enter your password").max(PASSWORD_MAX_LENGTH, `use at most ${PASSWORD_MAX_LENGTH} characters`),
});
export type Login = z.infer<typeof LoginSchema>;

/** A user as they see themselves. The local owner account has no email. */
export const AccountSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
});
export type Account = z.infer<typeof AccountSchema>;

/**
 * How the hub recognised the caller: a session cookie, an API token, or — when the hub trusts
 * its own computer (`PEERFAB_TRUSTED_LOCAL=1`) — a request from loopback without a session.
 */
export const SIGN_IN_METHODS = ["session", "token", "trusted-local"] as const;
export const SignInMethodSchema = z.enum(SIGN_IN_METHODS);
export type SignInMethod = z.infer<typeof SignInMethodSchema>;

/** `GET /api/auth/me`: anonymous callers get `{ user: null, via: null }`. */
export const MeSchema = z.object({
  user: AccountSchema.nullable(),
  via: SignInMethodSchema.nullable(),
});
export type Me = z.infer<typeof MeSchema>;

/** Body of `POST /api/tokens`. */
export const CreateApiTokenSchema = z.object({
  label: z.string().trim().min(1, "name the token, e.g. 'workshop bridge'").max(60, "use at most 60 characters"),
});
export type CreateApiToken = z.infer<typeof CreateApiTokenSchema>;

/** An API token as listed: never its secret. */
export const ApiTokenSchema = z.object({
  id: z.string(),
  label: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

/** `POST /api/tokens` answers the token once with its plaintext; the hub keeps only a hash. */
export const CreatedApiTokenSchema = ApiTokenSchema.extend({ token: z.string() });
export type CreatedApiToken = z.infer<typeof CreatedApiTokenSchema>;

export const ApiTokenListSchema = z.object({ tokens: z.array(ApiTokenSchema) });
export type ApiTokenList = z.infer<typeof ApiTokenListSchema>;
