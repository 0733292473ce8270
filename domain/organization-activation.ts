/**
 * When an organisation may be activated (SPEC: accepting the current terms of business, during
 * the trial or after it expired). The API use-case, the trial workflow and its activity ask here.
 */

export type ActivationRefusalCode = 'AlreadyActive' | 'TermsVersionMismatch';

export interface ActivationRefusal {
  code: ActivationRefusalCode;
  message: string;
}

export const ALREADY_ACTIVE: ActivationRefusal = { code: 'AlreadyActive', message: 'The organization is already active.' };

export const isActive = (status: string): boolean => status === 'ACTIVE';

/** Null when `acceptedTermsVersion` is the current one; otherwise the refusal. */
export function termsVersionRefusal(acceptedTermsVersion: string, currentTermsVersion: string): ActivationRefusal | null {
  return acceptedTermsVersion === currentTermsVersion
    ? null
    : { code: 'TermsVersionMismatch', message: `The accepted terms version "${acceptedTermsVersion}" is not the current one ("${currentTermsVersion}"); accept that version.` };
}

/** Null when an organisation in `status` may be activated with `acceptedTermsVersion`. */
export function activationRefusal(status: string, acceptedTermsVersion: string, currentTermsVersion: string): ActivationRefusal | null {
  return isActive(status) ? ALREADY_ACTIVE : termsVersionRefusal(acceptedTermsVersion, currentTermsVersion);
}
