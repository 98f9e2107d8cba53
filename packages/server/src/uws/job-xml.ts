// UWS 1.1 XML documents (namespace http://www.ivoa.net/xml/UWS/v1.0, version="1.1", UWS 1.1 §3 and its schema
// UWS-v1.1.xsd): the job (uws:job, elements in the schema's sequence: jobId, runId, ownerId, phase, quote,
// creationTime, startTime, endTime, executionDuration, destruction, parameters, results, errorSummary, jobInfo), the
// job list (uws:jobs of uws:jobref with phase, runId, ownerId, creationTime), results and parameters.
import { escapeAttr, escapeText } from '@obscura/votable';
import type { Job, JobResult } from './job-store.ts';

export const UWS_NS = 'http://www.ivoa.net/xml/UWS/v1.0';
const NAMESPACES =
  `xmlns:uws="${UWS_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" ` +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** xs:dateTime in UTC (UWS 1.1 §2.1: ISO 8601 with a time zone). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

function timeElement(name: string, ms: number | null, indent = '  '): string {
  return ms === null
    ? `${indent}<uws:${name} xsi:nil="true"/>\n`
    : `${indent}<uws:${name}>${isoTime(ms)}</uws:${name}>\n`;
}

function ownerElement(job: Job, indent: string): string {
  return job.ownerId === null
    ? `${indent}<uws:ownerId xsi:nil="true"/>\n`
    : `${indent}<uws:ownerId>${escapeText(job.ownerId)}</uws:ownerId>\n`;
}

export interface JobUrls {
  /** Absolute URL of the job. */
  job: string;
}

export function parametersXml(job: Job, root = false, indent = '  '): string {
  const ns = root ? ` ${NAMESPACES}` : '';
  let s = `${indent}<uws:parameters${ns}>\n`;
  for (const [name, value] of job.parameters) {
    s += `${indent}  <uws:parameter id="${escapeAttr(name)}">${escapeText(value)}</uws:parameter>\n`;
  }
  return `${s}${indent}</uws:parameters>\n`;
}

function resultXml(r: JobResult, jobUrl: string, indent: string): string {
  const href = `${jobUrl}/results/${encodeURIComponent(r.id)}`;
  return (
    `${indent}<uws:result id="${escapeAttr(r.id)}" xlink:type="simple" xlink:href="${escapeAttr(href)}"` +
    ` size="${r.size}" mime-type="${escapeAttr(r.mimeType)}"/>\n`
  );
}

export function resultsXml(job: Job, jobUrl: string, root = false, indent = '  '): string {
  const ns = root ? ` ${NAMESPACES}` : '';
  if (job.results.length === 0) return `${indent}<uws:results${ns}/>\n`;
  let s = `${indent}<uws:results${ns}>\n`;
  for (const r of job.results) s += resultXml(r, jobUrl, `${indent}  `);
  return `${s}${indent}</uws:results>\n`;
}

/** The job document (UWS 1.1 §2.2.2.2). */
export function jobXml(job: Job, urls: JobUrls): string {
  let s = `${XML_DECL}<uws:job ${NAMESPACES} version="1.1">\n`;
  s += `  <uws:jobId>${escapeText(job.jobId)}</uws:jobId>\n`;
  if (job.runId !== null) s += `  <uws:runId>${escapeText(job.runId)}</uws:runId>\n`;
  s += ownerElement(job, '  ');
  s += `  <uws:phase>${job.phase}</uws:phase>\n`;
  s += timeElement('quote', job.quote);
  s += timeElement('creationTime', job.creationTime);
  s += timeElement('startTime', job.startTime);
  s += timeElement('endTime', job.endTime);
  s += `  <uws:executionDuration>${job.executionDuration}</uws:executionDuration>\n`;
  s += timeElement('destruction', job.destruction);
  s += parametersXml(job);
  s += resultsXml(job, urls.job);
  if (job.error) {
    s += `  <uws:errorSummary type="${job.error.type}" hasDetail="true">\n`;
    s += `    <uws:message>${escapeText(job.error.message)}</uws:message>\n`;
    s += '  </uws:errorSummary>\n';
  }
  return `${s}</uws:job>\n`;
}

/** The job list (UWS 1.1 §2.2.2.1). */
export function jobListXml(jobs: readonly Job[], jobUrl: (id: string) => string): string {
  let s = `${XML_DECL}<uws:jobs ${NAMESPACES} version="1.1">\n`;
  for (const job of jobs) {
    s += `  <uws:jobref id="${escapeAttr(job.jobId)}" xlink:type="simple" xlink:href="${escapeAttr(jobUrl(job.jobId))}">\n`;
    s += `    <uws:phase>${job.phase}</uws:phase>\n`;
    if (job.runId !== null) s += `    <uws:runId>${escapeText(job.runId)}</uws:runId>\n`;
    s += ownerElement(job, '    ');
    s += timeElement('creationTime', job.creationTime, '    ');
    s += '  </uws:jobref>\n';
  }
  return `${s}</uws:jobs>\n`;
}

/** The standalone /parameters and /results documents. */
export function standaloneParametersXml(job: Job): string {
  return XML_DECL + parametersXml(job, true, '');
}

export function standaloneResultsXml(job: Job, jobUrl: string): string {
  return XML_DECL + resultsXml(job, jobUrl, true, '');
}
