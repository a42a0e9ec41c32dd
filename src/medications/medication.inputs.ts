import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, ValidateNested } from 'class-validator';
import { IsCommandId, IsExternalId, IsShortText } from '../graphql/validation';
import { IsClientUuid, IsEntryMinutes, IsInstant, IsTextList } from '../patient-stream/care-record.validation';

export class MedicationInput {
  @IsShortText() name!: string;
  @IsOptional() @IsShortText(100) dose?: string | null;
  @IsOptional() @IsShortText(100) frequency?: string | null;
  @IsOptional() @IsShortText() prescriber?: string | null;
  @IsOptional() @IsShortText(100) source?: string | null;
}

export class ReconcileMedicationsInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() patientId!: string;
  @IsExternalId() performedBy!: string;
  @IsInstant() reconciledAt!: string;
  /** The complete list after reconciliation; empty when the patient takes none. */
  @IsArray()
  @ArrayMaxSize(200, { message: 'medications must list at most 200 entries' })
  @ValidateNested({ each: true })
  @Type(() => MedicationInput)
  medications!: MedicationInput[];
  @IsOptional() @IsTextList({ minItems: 0, maxItems: 100, maxLength: 1000 }) discrepancies?: string[] | null;
  @IsOptional() @IsEntryMinutes() minutes?: number | null;
}
