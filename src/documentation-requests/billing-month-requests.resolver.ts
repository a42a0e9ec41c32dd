import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { DocumentationRequestRepository } from './documentation-request.repository';
import { DocumentationRequests } from './documentation-requests.service';

/**
 * BillingMonth.documentationRequestsOpen: the month's claims that payers asked documentation for and that are not
 * answered yet, due first. Billing staff see them where they work the month (their worklist), with days left. The
 * month's own readers (BILLING, ADMIN, COMPLIANCE_OFFICER) are the requests' answerers; logged in the access log.
 */
@Resolver('BillingMonth')
export class BillingMonthRequestsResolver {
  constructor(
    private readonly repository: DocumentationRequestRepository,
    private readonly requests: DocumentationRequests,
  ) {}

  @ResolveField('documentationRequestsOpen')
  documentationRequestsOpen(@Parent() month: { practiceId: string; month: string }) {
    return this.repository.openFor(month.practiceId, month.month).map((row) => this.requests.view(row));
  }
}
