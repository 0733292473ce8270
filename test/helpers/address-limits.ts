/**
 * Every test API and stack sees all clients at 127.0.0.1 and shares one database, so the
 * per-address limits (counted in the database) would add up across suites: tests lift them, and
 * the suite that tests them sends its own addresses (X-Forwarded-For from the trusted loopback).
 */
export const LIFTED_ADDRESS_LIMITS = { REGISTRATIONS_PER_IP_PER_HOUR: '1000000', LOGIN_IP_MAX_FAILURES: '1000000' } as const;
