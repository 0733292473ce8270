/**
 * The bank hand-over workflow's contract (`bank-hand-over-<requestId>`): hands every bank credit a
 * statement import matched (status HANDING_OVER) to the workflow that owns its document, after
 * the import has answered. Started by each import that matched credits, and by staff asking for
 * it; one runs at a time (the later waits for the earlier, then hands over what is left).
 */

export const BANK_HAND_OVER_WORKFLOW_TYPE = 'bankHandOverWorkflow';
/** requestId: the import's id, or a fresh id for a staff request. */
export const bankHandOverWorkflowId = (requestId: string): string => `bank-hand-over-${requestId}`;

export interface BankHandOverInput {
  /** Who asked: the import's `importedBy`, or the staff member. Shown in the Web UI's input. */
  requestedBy: string;
}

export interface BankHandOverResult {
  /** Movements now in their workflows' histories (status MATCHED). */
  handedOver: number;
  /** Movements whose workflow had ended meanwhile: back to staff (UNMATCHED, WORKFLOW_ENDED). */
  workflowEnded: number;
}

export type BankHandOverWorkflow = (input: BankHandOverInput) => Promise<BankHandOverResult>;
