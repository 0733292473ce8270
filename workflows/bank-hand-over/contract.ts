/**
 * The bank hand-over workflow's contract (`bank-hand-over-<requestId>`): after a statement import
 * has answered, hands every credit it matched (status HANDING_OVER) to the workflow that owns its
 * document, then tells the overdue transfer orders how far statements now reach, in that order
 * (an order must have its payment before it may decide to cancel for want of one). Started by
 * each import, by staff asking for it and by a schedule; one hand-over runs at a time (the later waits for the
 * earlier, then hands over what is left).
 */

export const BANK_HAND_OVER_WORKFLOW_TYPE = 'bankHandOverWorkflow';
/** requestId: the import's id, or a fresh id for a staff request. */
export const bankHandOverWorkflowId = (requestId: string): string => `bank-hand-over-${requestId}`;
/**
 * The schedule that starts a hand-over every BANK_HAND_OVER_SWEEP_MINUTES, one per task queue
 * (the deployment whose workers serve it): credits an import could not hand over reach their
 * workflows without anyone asking. Its runs are `bank-hand-over-sweep-<queue>-<time>`.
 */
export const bankHandOverScheduleId = (taskQueue: string): string => `bank-hand-over-sweep-${taskQueue}`;

export interface BankHandOverInput {
  /** Who asked: the import's `importedBy`, or the staff member. Shown in the Web UI's input. */
  requestedBy: string;
}

export interface BankHandOverResult {
  /** Movements now in their workflows' histories (status MATCHED). */
  handedOver: number;
  /** Movements whose workflow had ended meanwhile: back to staff (UNMATCHED, WORKFLOW_ENDED). */
  workflowEnded: number;
  /** Overdue transfer orders told that a newer statement is in. */
  ordersTold: number;
}

/** The activity's share of the result: the payments. */
export type PaymentsHandedOver = Pick<BankHandOverResult, 'handedOver' | 'workflowEnded'>;

export type BankHandOverWorkflow = (input: BankHandOverInput) => Promise<BankHandOverResult>;
