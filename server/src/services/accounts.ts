/**
 * Accounts in single-user mode: one local user every request acts as, and API tokens (stored as
 * sha256 hashes) for bridges. Issue #5 adds real sign-in behind the same `currentUser` seam.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFile, writeFile, chmod } from "node:fs/promises";
import type { ApiTokenRepository } from "../repositories/api-tokens.ts";
import type { User, UserRepository } from "../repositories/users.ts";

export const LOCAL_USER: User = { id: "usr_local", displayName: "Local maker" };

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export class AccountService {
  constructor(
    private readonly users: UserRepository,
    private readonly tokens: ApiTokenRepository,
  ) {}

  ensureLocalUser(): Promise<User> {
    return this.users.ensure(LOCAL_USER);
  }

  /** Creates a token for `userId` and returns its plaintext (shown once, stored only hashed). */
  async createToken(userId: string, label: string): Promise<string> {
    const token = `pf_${randomBytes(24).toString("base64url")}`;
    await this.tokens.insert(userId, hashToken(token), label);
    return token;
  }

  async userForToken(token: string): Promise<User | undefined> {
    if (token.length === 0 || token.length > 200) return undefined;
    const userId = await this.tokens.findUserId(hashToken(token));
    return userId ? this.users.find(userId) : undefined;
  }

  /**
   * The local user's bridge token, kept in `file` (mode 0600) for the bridge started beside the
   * hub. Reuses the token in the file while the database knows it; otherwise makes a new one.
   */
  async ensureBridgeToken(userId: string, file: string): Promise<string> {
    const existing = await readFile(file, "utf8").then(
      (text) => text.trim(),
      () => "",
    );
    if (existing && (await this.userForToken(existing))?.id === userId) return existing;
    const token = await this.createToken(userId, "bridge");
    await writeFile(file, `${token}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
    return token;
  }
}
