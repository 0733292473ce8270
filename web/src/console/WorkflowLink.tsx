import { useTranslation } from 'react-i18next';
import { useWebSettings } from '../session';

/**
 * The Temporal Web UI page of one workflow, for staff: the base URL comes from the API's settings
 * (TEMPORAL_UI_URL), the id from the workflow's contract (its id helper), never spelled out here.
 */
export function WorkflowLink({ workflowId, prefix = '', label }: { workflowId: string; prefix?: string; label?: string }) {
  const { t } = useTranslation();
  const base = useWebSettings().data?.temporalWorkflowUrl;
  if (!base) return null;
  return (
    <>
      {prefix}
      <a href={`${base}${encodeURIComponent(workflowId)}`} target="_blank" rel="noreferrer">
        {label ?? t('console.workflow')}
      </a>
    </>
  );
}
