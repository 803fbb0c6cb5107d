import type {
  BacktestResponse,
  CreateProgram,
  EscalationPolicy,
  Lang,
  Program,
  ProgramPreviewResponse,
  Sensitivity,
  UpdateProgram,
} from '@siaga/shared';
import { apiRequest } from '../../api';

const signalOf = (signal: AbortSignal | undefined) => (signal ? { signal } : {});

export function fetchProgram(id: string, signal?: AbortSignal): Promise<Program> {
  return apiRequest<Program>(`/api/programs/${encodeURIComponent(id)}`, signalOf(signal));
}

export function createProgram(body: CreateProgram): Promise<Program> {
  return apiRequest<Program>('/api/programs', { method: 'POST', body });
}

export function updateProgram(id: string, body: UpdateProgram): Promise<Program> {
  return apiRequest<Program>(`/api/programs/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

export function deleteProgram(id: string): Promise<void> {
  return apiRequest<void>(`/api/programs/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function validateQuery(query: string, signal?: AbortSignal): Promise<{ valid: true }> {
  return apiRequest<{ valid: true }>('/api/programs/validate-query', { method: 'POST', body: { query }, ...signalOf(signal) });
}

export function previewQuery(
  body: { query: string; languages: Lang[]; samples: number },
  signal?: AbortSignal,
): Promise<ProgramPreviewResponse> {
  return apiRequest<ProgramPreviewResponse>('/api/programs/preview', { method: 'POST', body, ...signalOf(signal) });
}

export function runBacktest(
  body: { programId: string; sensitivity: Sensitivity; from: string; to: string },
  signal?: AbortSignal,
): Promise<BacktestResponse> {
  return apiRequest<BacktestResponse>('/api/detection/backtest', { method: 'POST', body, ...signalOf(signal) });
}

export function fetchEscalationPolicy(id: string, signal?: AbortSignal): Promise<EscalationPolicy> {
  return apiRequest<EscalationPolicy>(`/api/programs/${encodeURIComponent(id)}/escalation-policy`, signalOf(signal));
}

export function saveEscalationPolicy(id: string, policy: EscalationPolicy): Promise<EscalationPolicy> {
  return apiRequest<EscalationPolicy>(`/api/programs/${encodeURIComponent(id)}/escalation-policy`, { method: 'PUT', body: policy });
}
