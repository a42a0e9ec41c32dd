import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor, PracticeActor } from '../auth/actor';
import { CurrentActor, CurrentPracticeActor, Roles } from '../auth/auth.guard';
import { pageWindow, toConnection } from '../graphql/pagination';
import { CorrelationId } from '../graphql/request-context';
import { DOCUMENTATION_REQUEST_ANSWERERS, DOCUMENTATION_REQUEST_READERS } from './documentation-request-roles';
import { OpenDocumentationRequestInput, RespondToDocumentationRequestInput } from './documentation-request.inputs';
import type { RequestFilter } from './documentation-request.repository';
import { DocumentationRequests } from './documentation-requests.service';

@Resolver()
export class DocumentationRequestsResolver {
  constructor(private readonly requests: DocumentationRequests) {}

  /** Logged in the access log (patient-data-reads.ts). */
  @Query('documentationRequests')
  @Roles(...DOCUMENTATION_REQUEST_READERS)
  documentationRequests(
    @CurrentActor() actor: Actor,
    @Args('filter') filter?: RequestFilter | null,
    @Args('first') first?: number | null,
    @Args('after') after?: string | null,
  ) {
    const window = pageWindow(first, after);
    const { rows, totalCount } = this.requests.list(actor, filter ?? {}, window);
    return toConnection(
      rows.map((row) => this.requests.view(row)),
      window,
      totalCount,
    );
  }

  @Query('documentationRequest')
  @Roles(...DOCUMENTATION_REQUEST_READERS)
  documentationRequest(@CurrentActor() actor: Actor, @Args('id') id: string) {
    const row = this.requests.find(actor, id);
    return row && this.requests.view(row);
  }

  @Mutation('openDocumentationRequest')
  @Roles(...DOCUMENTATION_REQUEST_READERS)
  async openDocumentationRequest(@Args('input') input: OpenDocumentationRequestInput, @CurrentActor() actor: Actor, @CorrelationId() correlationId?: string) {
    return this.requests.view(await this.requests.open(actor, input, correlationId));
  }

  @Mutation('respondToDocumentationRequest')
  @Roles(...DOCUMENTATION_REQUEST_ANSWERERS)
  async respondToDocumentationRequest(
    @Args('input') input: RespondToDocumentationRequestInput,
    @CurrentPracticeActor() actor: PracticeActor,
    @CorrelationId() correlationId?: string,
  ) {
    return this.requests.view(await this.requests.respond(actor, input, correlationId));
  }
}
