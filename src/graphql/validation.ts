import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { applyDecorators } from '@nestjs/common';
import { IsString, IsUUID, Matches, MaxLength, MinLength, ValidateBy } from 'class-validator';
import { DomainError } from '../kernel/domain-error';

/** No control characters (line breaks and tabs are allowed in free text). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NO_CONTROL_CHARS = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const SINGLE_LINE = /^[^\u0000-\u001F\u007F]*$/;

/** A client-generated UUID that makes the write idempotent. */
export const IsCommandId = () => IsUUID('all', { message: 'commandId must be a UUID' });

/** Ids chosen by clients or issuers (staff ids are token subjects): short, printable, no spaces. */
export const IsExternalId = () =>
  applyDecorators(IsString(), Matches(/^[A-Za-z0-9._:@|-]{1,128}$/, { message: '$property must be 1-128 letters, digits or . _ : @ | -' }));

/** A bounded single-line text such as a name. */
export const IsShortText = (max = 200) =>
  applyDecorators(
    IsString(),
    MinLength(1, { message: '$property must not be empty' }),
    MaxLength(max, { message: `$property must be at most ${max} characters` }),
    Matches(SINGLE_LINE, { message: '$property must be a single line without control characters' }),
  );

/** A bounded free text such as a call summary. */
export const IsLongText = (max = 4000) =>
  applyDecorators(
    IsString(),
    MinLength(1, { message: '$property must not be empty' }),
    MaxLength(max, { message: `$property must be at most ${max} characters` }),
    Matches(NO_CONTROL_CHARS, { message: '$property must not contain control characters' }),
  );

function describe(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? `${path}${message.slice(error.property.length)}` : `${path}: ${message}`,
    );
    return [...own, ...describe(error.children ?? [], path)];
  });
}

/** Validates every input class; the error names each failing field and never echoes the value. */
export const inputValidationPipe = new ValidationPipe({
  transform: true,
  whitelist: true,
  forbidNonWhitelisted: true,
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => new DomainError('BAD_USER_INPUT', describe(errors).join('; '), { field: errors[0]?.property }),
});

/** A custom rule as a class-validator decorator: `Satisfies(isValidNpi, 'must be a valid 10-digit NPI')`. */
export const Satisfies = (test: (value: string) => boolean, message: string) =>
  ValidateBy({
    name: test.name || 'satisfies',
    validator: { validate: (value) => typeof value === 'string' && test(value), defaultMessage: () => `$property ${message}` },
  });
