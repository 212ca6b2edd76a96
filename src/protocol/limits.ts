/**
 * Every protocol limit, in one place. The server's options map onto these; the client uses the
 * defaults. Limits are checked before anything is buffered.
 */
export interface ProtocolLimits {
  /** Most binary attachments one Socket.IO packet may announce. */
  maxAttachments: number;
}

export const DEFAULT_LIMITS: Readonly<ProtocolLimits> = {
  maxAttachments: 10,
};
