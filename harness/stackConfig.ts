// Stack config as the in-process engine hands it to a program: what render reads from stack files, and what the
// tests and the bench give it directly.

/** Stands for a value that cannot be known here: a `secure:` config value (no key to decrypt it). */
export const secretPlaceholder = "<secret>";

export interface StackConfigValues {
    project: string;
    /** `<namespace>:<key>` -> the string the program reads; encrypted values as {@link secretPlaceholder}. */
    config: Record<string, string>;
    /** Keys whose values are secrets (declared `secret: true`, or `secure:` in the stack file). */
    secretKeys: string[];
    /** Keys whose stack values are encrypted: render cannot decrypt them, so nothing checked their values. */
    encryptedKeys: string[];
}
