import { DomainError, badInput, preconditionFailed } from '../kernel/domain-error';
import { requireAuthor } from '../patient-stream/practice-context';
import { requireEnrolledPatient, type PatientCommand, type PatientDecider, type ValidTimeOf } from '../patient-stream/patient-command';
import { evolvePatientRecord, initialPatientRecord } from '../patient-stream/patient-record';
import { assertAcceptedInstant, isBefore } from '../patient-stream/valid-time';
import type { ConsentEvent } from './consent.events';
import type { GiveConsentInput, RevokeConsentInput } from './consent.inputs';
import { consentInForce, latestConsent } from './consent.state';

export type GiveConsent = PatientCommand<'GiveConsent', Omit<GiveConsentInput, 'commandId'>>;
export type RevokeConsent = PatientCommand<'RevokeConsent', Omit<RevokeConsentInput, 'commandId'>>;
export type ConsentCommand = GiveConsent | RevokeConsent;

/** What the patient must have been told before consenting (ccm-rules §2 NO_CONSENT), by input flag. */
const REQUIRED_DISCLOSURES = [
  ['explainedCostSharing', 'the patient must be told about cost sharing before consenting'],
  ['explainedRightToStop', 'the patient must be told they may stop at any time'],
  ['explainedSinglePractitioner', 'the patient must be told that only one practitioner can bill this care per month'],
] as const;

export const consentDecider: PatientDecider<ConsentCommand> = {
  initialState: initialPatientRecord,
  evolve: evolvePatientRecord,

  decide(command, state): ConsentEvent[] {
    const { metadata } = command;
    const { patientId, practiceId } = command.data;
    requireAuthor(command);
    const enrollment = requireEnrolledPatient(state, practiceId);

    switch (command.type) {
      case 'GiveConsent': {
        const { method, givenAt, documentReference } = command.data;
        assertAcceptedInstant('givenAt', givenAt, metadata.now);
        for (const [flag, why] of REQUIRED_DISCLOSURES) {
          if (command.data[flag] !== true) throw badInput(flag, `must be true: ${why}`);
        }
        if (method === 'WRITTEN' && !documentReference) throw badInput('documentReference', 'is required for WRITTEN consent (the signed form)');
        const latest = latestConsent(state.consents);
        if (latest && isBefore(givenAt, latest.revokedAt ?? latest.givenAt)) {
          throw badInput('givenAt', 'must not be before the previous consent or its revocation');
        }
        const billingPractitionerId = enrollment.billingPractitioner.staffId;
        // A consent covers one billing practitioner; only a change of practitioner calls for a new one.
        if (consentInForce(state.consents)?.billingPractitionerId === billingPractitionerId) {
          throw preconditionFailed('CONSENT_ALREADY_IN_FORCE', 'A consent is already in force for this billing practitioner');
        }
        return [
          {
            type: 'ConsentGiven',
            data: {
              patientId,
              practiceId,
              method,
              givenAt,
              recordedBy: metadata.actorId,
              // Service availability is implied: the patient consented to the service that was offered.
              disclosures: { serviceAvailability: true, costSharing: true, singlePractitionerPerMonth: true, rightToStop: true },
              documentReference: documentReference ?? null,
              billingPractitionerId,
            },
          },
        ];
      }

      case 'RevokeConsent': {
        const { revokedAt, reason } = command.data;
        assertAcceptedInstant('revokedAt', revokedAt, metadata.now);
        const inForce = consentInForce(state.consents);
        if (!inForce) throw preconditionFailed('NO_CONSENT_IN_FORCE', 'There is no consent in force to revoke');
        if (isBefore(revokedAt, inForce.givenAt)) throw badInput('revokedAt', 'must not be before the consent was given');
        return [{ type: 'ConsentRevoked', data: { patientId, practiceId, revokedAt, reason, recordedBy: metadata.actorId } }];
      }

      default:
        throw new DomainError('BAD_USER_INPUT', 'Unknown consent command');
    }
  },
};

export const consentValidTime: ValidTimeOf = (event) => {
  if (event.type === 'ConsentGiven') return new Date(event.data.givenAt);
  if (event.type === 'ConsentRevoked') return new Date(event.data.revokedAt);
  return null;
};
