package io.cdclake.common.config;

/**
 * Where the key for hashing protected columns comes from. The key itself never appears in config or code.
 *
 * @param hashKeyEnv           environment variable holding the HMAC key (on EMR, set from Secrets Manager)
 * @param allowEphemeralKey    local runs only: when the variable is unset, use a random per-process key instead
 *                             of failing (hashes are then not comparable across runs)
 */
public record PciConfig(String hashKeyEnv, boolean allowEphemeralKey) {}
