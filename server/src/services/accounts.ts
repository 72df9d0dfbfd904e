/**
 * Accounts: the local owner account (no password; it acts through its bridge token, or as the
 * trusted local computer), registration, and password sign-in. Any account can be designer,
 * maker and print shop.
 */
import type { Login, Register } from "@peerfab/protocol";
import { HttpError, notFound } from "../errors.ts";
import { newId } from "../ids.ts";
import { EmailTakenError, type User, type UserAccount, type UserRepository } from "../repositories/users.ts";
import { hashPassword, needsRehash, verifyAgainstNothing, verifyPassword } from "./password-hash.ts";

export const LOCAL_USER: User = { id: "usr_local", displayName: "Local maker" };

export class AccountService {
  constructor(private readonly users: UserRepository) {}

  ensureLocalUser(): Promise<User> {
    return this.users.ensure(LOCAL_USER);
  }

  async register(request: Register): Promise<User> {
    const passwordHash = await hashPassword(request.password);
    try {
      return await this.users.create({ id: newId("usr"), email: request.email, displayName: request.displayName, passwordHash });
    } catch (error) {
      if (error instanceof EmailTakenError) {
        throw new HttpError(409, "email-taken", `There is already an account for ${request.email}. Sign in instead, or register with another email.`);
      }
      throw error;
    }
  }

  /** The account for this email and password; the same 401 whether the email or the password is wrong. */
  async signIn(request: Login): Promise<User> {
    const found = await this.users.credentialsByEmail(request.email);
    const matches = found?.passwordHash ? await verifyPassword(request.password, found.passwordHash) : await verifyAgainstNothing(request.password);
    if (!found || !matches) {
      throw new HttpError(401, "wrong-credentials", "Wrong email or password. Check both and try again.");
    }
    if (found.passwordHash && needsRehash(found.passwordHash)) {
      await this.users.setPasswordHash(found.user.id, await hashPassword(request.password));
    }
    return found.user;
  }

  async account(user: User): Promise<UserAccount> {
    const account = await this.users.account(user.id);
    if (!account) throw notFound("user", "Your account no longer exists. Register again.");
    return account;
  }
}
