import { IsIn, IsInt } from 'class-validator';
import { IsPhone } from '../care-team/care-team.inputs';
import { IsCommandId, IsExternalId } from '../graphql/validation';
import { IsClientUuid, IsInstant } from '../patient-stream/care-record.validation';
import { PROGRAMS, type Program } from '../patients/patient.events';

export class ScheduleOnCallInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() shiftId!: string;
  @IsExternalId() staffId!: string;
  @IsInstant() from!: string;
  @IsInstant() to!: string;
  @IsPhone() phone!: string;
}

export class ConfigureOutreachCadenceInput {
  @IsCommandId() commandId!: string;
  @IsIn(PROGRAMS) program!: Program;
  @IsInt() openOnDay!: number;
  @IsInt() dueAfterDays!: number;
}
