/** Server state the pages share, through the query cache (never copied into component state). */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from './client';
import type { CaseView, Directory, DirectoryUnit, ReplyTemplateList } from './types';

function useDirectory() {
  return useQuery({
    queryKey: ['directory'],
    queryFn: async () => {
      const directory = await api<Directory>('/staff/directory');
      // The platform's clock can differ from this browser's (a local runtime's clock moves).
      return { ...directory, clockOffsetMs: Date.parse(directory.now) - Date.now() };
    },
    staleTime: 10 * 60_000,
  });
}

/** Units by id, days off as a set, and region names, from the directory. */
export function useDirectoryIndex() {
  const { data } = useDirectory();
  return useMemo(() => {
    const units = new Map<string, DirectoryUnit>((data?.units ?? []).map((u) => [u.id, u]));
    const regions = new Map((data?.regions ?? []).map((r) => [r.code, r.name]));
    const categories = new Map((data?.categories ?? []).map((c) => [c.id, c.name]));
    const stages = new Map((data?.stages ?? []).map((c) => [c.id, c.name]));
    return {
      ready: data !== undefined,
      directory: data,
      units,
      regions,
      categories,
      calendar: { daysOff: new Set(data?.calendar.daysOff ?? []) },
      unitName: (id: string | undefined) => (id ? (units.get(id)?.name ?? id) : '—'),
      stageName: (stage: string) => stages.get(stage) ?? stage,
      /** Now on the platform's clock, in milliseconds. */
      now: () => Date.now() + (data?.clockOffsetMs ?? 0),
    };
  }, [data]);
}

export const caseKey = (trackingNumber: string) => ['case', trackingNumber] as const;

export function useCase(trackingNumber: string) {
  return useQuery({
    queryKey: caseKey(trackingNumber),
    queryFn: () => api<CaseView>(`/staff/cases/${encodeURIComponent(trackingNumber)}`),
  });
}

export const replyTemplatesKey = ['reply-templates'] as const;

/** The reply templates, when `enabled` (the reply form and the templates page). */
export function useReplyTemplates(enabled = true) {
  return useQuery({
    queryKey: replyTemplatesKey,
    queryFn: () => api<ReplyTemplateList>('/staff/reply-templates'),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** The text a reply of this outcome starts from for a category, as the API worked it out. */
export function replyTemplateFor(
  list: ReplyTemplateList | undefined,
  outcome: string,
  categoryId: string | undefined,
): string | undefined {
  const effective = list?.effective ?? [];
  return (
    effective.find((e) => e.outcome === outcome && e.categoryId === (categoryId ?? '*')) ??
    effective.find((e) => e.outcome === outcome && e.categoryId === '*')
  )?.text;
}
