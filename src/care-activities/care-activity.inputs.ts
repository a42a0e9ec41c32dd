import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { IsCommandId, IsExternalId, IsLongText } from '../graphql/validation';
import { IsClientUuid, IsEntryMinutes, IsInstant } from '../patient-stream/care-record.validation';
import { CALL_DIRECTIONS, CARE_ACTIVITY_KINDS, TIME_SOURCES, type CallDirection, type CareActivityKind, type TimeSource } from './care-activity.events';

export class LogCallInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() patientId!: string;
  @IsClientUuid() activityId!: string;
  @IsIn(CARE_ACTIVITY_KINDS) kind!: CareActivityKind;
  @IsExternalId() performedBy!: string;
  @IsInstant() startedAt!: string;
  @IsEntryMinutes() minutes!: number;
  @IsOptional() @IsIn(CALL_DIRECTIONS) direction?: CallDirection | null;
  @IsLongText() summary!: string;
  @IsOptional() @IsIn(TIME_SOURCES) source?: TimeSource | null;
  @IsOptional() @IsBoolean() complexMedicalDecisionMaking?: boolean | null;
  /** Outside the practice's hours: the entry records who was on call then. */
  @IsOptional() @IsBoolean() afterHours?: boolean | null;
}

export class CorrectCallInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() patientId!: string;
  @IsClientUuid() activityId!: string;
  @IsOptional() @IsEntryMinutes() minutes?: number | null;
  @IsOptional() @IsInstant() startedAt?: string | null;
  @IsOptional() @IsLongText() summary?: string | null;
  @IsLongText(1000) reason!: string;
}

export class VoidCallInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() patientId!: string;
  @IsClientUuid() activityId!: string;
  @IsLongText(1000) reason!: string;
}

export class AttestCareActivityInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() patientId!: string;
  @IsClientUuid() activityId!: string;
  @IsOptional() @IsLongText(1000) statement?: string | null;
}
