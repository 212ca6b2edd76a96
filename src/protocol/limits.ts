/**
 * Every protocol limit, in one place. The server's options map onto these; the io client's decoder keeps the
 * defaults. Limits are checked before anything is buffered.
 */
export interface ProtocolLimits {
  /** Most binary attachments one Socket.IO packet may announce. */
  maxAttachments: number;
}

/** Most attachments one packet may announce by default (socket.io-parser's default). */
export const MAX_ATTACHMENTS = 10;

export const DEFAULT_LIMITS: Readonly<ProtocolLimits> = {
  maxAttachments: MAX_ATTACHMENTS,
};
