import { IsIn, IsOptional } from 'class-validator';
import { IsCommandId, IsExternalId, IsShortText } from '../graphql/validation';
import { IsCalendarDate, IsClientUuid } from '../patient-stream/care-record.validation';
import { TASK_KINDS, type TaskKind } from './task.events';

export class CreateTaskInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() taskId!: string;
  @IsClientUuid() patientId!: string;
  @IsIn(TASK_KINDS, { message: `kind must be one of ${TASK_KINDS.join(', ')}` }) kind!: TaskKind;
  @IsShortText() title!: string;
  @IsOptional() @IsExternalId() assigneeId?: string | null;
  @IsCalendarDate() dueOn!: string;
}

export class AssignTaskInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() taskId!: string;
  @IsExternalId() assigneeId!: string;
}

export class CompleteTaskInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() taskId!: string;
  @IsOptional() @IsClientUuid() activityId?: string | null;
}

export class CancelTaskInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() taskId!: string;
  @IsShortText(1000) reason!: string;
}
