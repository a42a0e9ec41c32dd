import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString } from 'class-validator';
import { IsCommandId, IsExternalId, IsShortText, Satisfies } from '../graphql/validation';
import { isValidYearMonth } from '../kernel/calendar';
import { IsClientUuid, IsInstant } from '../patient-stream/care-record.validation';
import { REQUEST_CHANNELS, REVIEW_CONTRACTORS, type RequestChannel, type ReviewContractor } from './response-deadline';

export class OpenDocumentationRequestInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() requestId!: string;
  @IsShortText(100) trackingId!: string;
  @IsClientUuid() patientId!: string;
  @Satisfies(isValidYearMonth, 'must be a month such as 2026-03') month!: string;
  @IsExternalId() payerId!: string;
  @IsIn(REQUEST_CHANNELS) channel!: RequestChannel;
  // The codes themselves are checked by the decider (LOINC, not repeated); here only their shape as a list.
  @IsArray() @ArrayMaxSize(25) @IsString({ each: true }) requestedCodes!: string[];
  @IsInstant() receivedAt!: string;
  @IsOptional() @IsInstant() dueAt?: string | null;
  @IsOptional() @IsIn(REVIEW_CONTRACTORS) reviewer?: ReviewContractor | null;
}

export class RespondToDocumentationRequestInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() requestId!: string;
}
