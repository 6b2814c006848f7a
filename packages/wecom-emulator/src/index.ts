export { startWeComEmulator } from './emulator';
export type { EmulatorOptions, WeComEmulator } from './emulator';
export type { CallFilter, CallRecord, CallbackAttempt } from './calls';
export type { ChangesResult } from './control/directory-changes';
export type { ChangeType, EventIds } from './events/contact-events';
export type { Delivery, DeliveryAttempt, DeliveryState } from './events/deliveries';
export type { CodeSpec } from './control/mint-codes';
export { BadRequest } from './control/bad-request';
export type { FaultKind, FaultSpec } from './faults';
export { DEFAULT_BEHAVIOUR, DEFAULT_RATE_LIMITS, OptionsError } from './options';
export type { Behaviour, BehaviourPatch, RateLimits } from './options';
export { ERRMSG } from './errors';
export { SeedValidationError } from './seed/reader';
export { parseSeed } from './seed/validate';
export { SENSITIVE_FIELDS } from './seed/types';
export type {
  Gender,
  MemberStatus,
  NormalizedSeed,
  Seed,
  SeedApp,
  SeedCorp,
  SeedDepartment,
  SeedEventReceiver,
  SeedMember,
  SeedNonMember,
  SensitiveField,
} from './seed/types';
export { answeredPageUrl, passSignInPage } from './scripted-visit';
export type { PageVisitor } from './scripted-visit';
export type { InboxMessage } from './state/messages';
export type { RevokeFilter } from './state/tokens';
export { CallbackCryptoError, aesKeyOf, decrypt as decryptCallback, encrypt as encryptCallback, signature as callbackSignature, verifySignature as verifyCallbackSignature } from './callback/crypto';
export type { Decrypted as DecryptedCallback } from './callback/crypto';
