import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { downloadWithToken, errorText, saveBlob } from '../../session/client';
import type { Session } from '../../session/session';
import { DataTable } from '../../ui/data-table';
import { formatCents, formatDateTime } from '../../ui/format';
import { ErrorMessage, Loading } from '../../ui/status';
import { keyFor, verifyPacket, type VerificationResult } from '../../verify/evidence-signature';

const EvidencePacket = graphql(`
  query EvidencePacket($patientId: ID!, $month: YearMonth!) {
    evidencePacket(patientId: $patientId, month: $month) {
      patientId
      month
      generatedAt
      status
      json
      signature
      kid
      pdfUrl
      fhirBundle
      auditHeadHash
      lines {
        cptCode
        units
        amountCents
      }
      consent {
        given
        method
        givenAt
      }
      carePlan {
        version
        problems
        goals
        sharedWithPatientAt
      }
      activities {
        id
        kind
        startedAt
        minutes
        status
        source
        performerName
        credential
        summary
      }
      claim {
        submittedAt
        dateOfService
        diagnoses
        expectedPaymentCents
        renderingNpi
        billingNpi
      }
    }
  }
`);

/** Where the signing key is published (no token needed): the same JWK Set a payer keeps for offline checks. */
const PUBLISHED_KEYS = '/evidence/jwks.json';

export function EvidenceScreen({ patientId, month, session }: { patientId: string; month: string; session: Session }) {
  const [{ data, fetching, error }] = useQuery({ query: EvidencePacket, variables: { patientId, month } });
  const [verdict, setVerdict] = useState<VerificationResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const packet = data?.evidencePacket;

  const verify = async () => {
    if (!packet) return;
    setVerdict(null);
    const keys = await fetch(PUBLISHED_KEYS)
      .then((response) => (response.ok ? response.json() : null))
      .catch(() => null);
    if (!keys) return setVerdict({ valid: false, message: 'The published key could not be fetched' });
    setVerdict(await verifyPacket(packet, keyFor(packet.kid, keys)));
  };
  const savePacket = () =>
    packet &&
    saveBlob(
      new Blob([JSON.stringify({ json: packet.json, signature: packet.signature, kid: packet.kid })], { type: 'application/json' }),
      `evidence-${month}.json`,
    );
  const saveFhir = () => packet && saveBlob(new Blob([packet.fhirBundle], { type: 'application/fhir+json' }), `evidence-${month}.fhir.json`);
  const savePdf = () =>
    packet &&
    downloadWithToken(session.token, packet.pdfUrl, `evidence-${month}.pdf`).catch((failure: Error) =>
      setProblem(`The PDF could not be downloaded: ${failure.message}`),
    );

  if (fetching && !packet) return <Loading />;
  return (
    <article>
      <h1>Evidence for {month}</h1>
      <ErrorMessage text={errorText(error) ?? problem} />
      {packet && (
        <>
          <p className="muted">
            Patient {packet.patientId} · status {packet.status} · generated {formatDateTime(packet.generatedAt)}
          </p>
          <section aria-labelledby="signature-heading" className="card">
            <h2 id="signature-heading">Signature</h2>
            <p>
              Signed with key <code>{packet.kid}</code>, checked here in your browser against the published key.
            </p>
            <button type="button" onClick={() => void verify()}>
              Verify signature
            </button>
            {verdict && (
              <p role="status" className={verdict.valid ? 'ok' : 'error'}>
                {verdict.message}
              </p>
            )}
            <div className="row">
              <button type="button" onClick={savePacket}>
                Save packet (JSON)
              </button>
              <button type="button" onClick={() => void savePdf()}>
                Download PDF
              </button>
              <button type="button" onClick={saveFhir}>
                Download FHIR bundle
              </button>
              <a href={PUBLISHED_KEYS} download="careledger-evidence-keys.json">
                Save the published key
              </a>
            </div>
          </section>

          {packet.claim && (
            <section aria-labelledby="claim-heading">
              <h2 id="claim-heading">Claim</h2>
              <dl className="facts">
                <dt>Submitted</dt>
                <dd>{formatDateTime(packet.claim.submittedAt)}</dd>
                <dt>Date of service</dt>
                <dd>{packet.claim.dateOfService}</dd>
                <dt>Diagnoses</dt>
                <dd>{packet.claim.diagnoses.join(', ')}</dd>
                <dt>Expected payment</dt>
                <dd>{formatCents(packet.claim.expectedPaymentCents)}</dd>
                <dt>Rendering / billing NPI</dt>
                <dd>
                  {packet.claim.renderingNpi} / {packet.claim.billingNpi}
                </dd>
              </dl>
            </section>
          )}
          <section aria-labelledby="lines-heading">
            <h2 id="lines-heading">Codes</h2>
            <ul>
              {packet.lines.map((line) => (
                <li key={line.cptCode}>
                  {line.cptCode} × {line.units}: {formatCents(line.amountCents)}
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="evidence-consent-heading">
            <h2 id="evidence-consent-heading">Consent</h2>
            <p>
              {packet.consent.given
                ? `${packet.consent.method?.toLowerCase()} consent given ${formatDateTime(packet.consent.givenAt)}`
                : 'No consent covered this month.'}
            </p>
          </section>
          <section aria-labelledby="evidence-plan-heading">
            <h2 id="evidence-plan-heading">Care plan</h2>
            {packet.carePlan ? (
              <p>
                Version {packet.carePlan.version}: problems {packet.carePlan.problems.join('; ')}; goals {packet.carePlan.goals.join('; ')}; shared{' '}
                {formatDateTime(packet.carePlan.sharedWithPatientAt)}.
              </p>
            ) : (
              <p>No care plan in force.</p>
            )}
          </section>
          <section aria-labelledby="evidence-time-heading">
            <h2 id="evidence-time-heading">Time entries</h2>
            <DataTable
              columns={[
                { header: 'Started', cell: (activity) => formatDateTime(activity.startedAt) },
                { header: 'Minutes', cell: (activity) => activity.minutes },
                { header: 'By', cell: (activity) => `${activity.performerName} (${activity.credential})` },
                { header: 'Source', cell: (activity) => (activity.source === 'LIVE_TIMER' ? 'Live timer' : 'Typed in') },
                { header: 'Status', cell: (activity) => activity.status },
                { header: 'Summary', cell: (activity) => activity.summary },
              ]}
              rows={packet.activities}
              rowKey={(activity) => activity.id}
            />
          </section>
        </>
      )}
    </article>
  );
}
