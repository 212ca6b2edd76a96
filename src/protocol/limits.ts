/**
 * Every protocol limit, in one place. The server's options map onto these (the io client's own decoder,
 * src/client/socket-codec.ts, caps attachments at the same default). Limits are checked before anything is
 * buffered.
 */
export interface ProtocolLimits {
  /** Most binary attachments one Socket.IO packet may announce. */
  maxAttachments: number;
}

export const DEFAULT_LIMITS: Readonly<ProtocolLimits> = {
  maxAttachments: 10,
};
