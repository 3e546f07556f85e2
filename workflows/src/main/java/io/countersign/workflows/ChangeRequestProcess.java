package io.countersign.workflows;

/**
 * Every name that Java code shares with the BPMN and DMN models: process and decision ids, element ids, job types,
 * message names, error codes and variables. Nothing here is written twice; the models are checked against it in tests.
 */
public final class ChangeRequestProcess {

    public static final String PROCESS_ID = "change-request";
    public static final String BPMN_RESOURCE = "change-request.bpmn";
    public static final String DMN_RESOURCE = "risk-policy.dmn";
    public static final String DECISION_ID = "action-risk";
    /** The rule id the workflow's riskiest-action step returns when a plan has no actions or one matched no rule. */
    public static final String UNCLASSIFIED_PLAN_RULE_ID = "denied-unclassified-plan";
    /** Every rule that denies an action for an active change freeze has an id starting with this. */
    public static final String CHANGE_FREEZE_RULE_PREFIX = "denied-change-freeze-";

    private ChangeRequestProcess() {
    }

    /**
     * Job types the current model no longer has, whose workers stay for running instances of definitions deployed
     * by earlier releases.
     */
    public static final class RetiredJobTypes {
        /** The plan was verified in a step of its own before the DMN; record-classification verifies it now. */
        public static final String VERIFY_PLAN = "verify-plan";

        private RetiredJobTypes() {
        }
    }

    /** Job types: kebab-case verbs, one worker class each. */
    public static final class JobTypes {
        public static final String RECORD_CLASSIFICATION = "record-classification";
        public static final String DENY_REQUEST = "deny-request";
        public static final String OPEN_APPROVAL = "open-approval";
        public static final String ESCALATE_APPROVAL = "escalate-approval";
        public static final String EXPIRE_REQUEST = "expire-request";
        public static final String WITHDRAW_REQUEST = "withdraw-request";
        public static final String REJECT_REQUEST = "reject-request";
        public static final String REQUEST_CHANGES = "request-changes";
        public static final String APPROVE_REQUEST = "approve-request";
        public static final String RECORD_EXECUTION = "record-execution";
        public static final String LAPSE_APPROVAL = "lapse-approval";
        /** The workflow's review disagrees with the service's verdict: audit, stall, and hold at an incident. */
        public static final String REPORT_DISAGREEMENT = "report-disagreement";
        // breakglass (issue 14)
        /** Asserts the service recorded the break-glass that approved the plan; returns the approval window. */
        public static final String CONFIRM_BREAK_GLASS = "confirm-break-glass";
        /** The review after a break-glass is overdue: flag it, audit it, notify. */
        public static final String ESCALATE_BREAK_GLASS_REVIEW = "escalate-break-glass-review";

        private JobTypes() {
        }
    }

    /** Messages the service publishes; correlation keys in parentheses. */
    public static final class Messages {
        /** A human decision on an approval task (correlated by {@link Variables#APPROVAL_TASK_ID}). */
        public static final String APPROVAL_DECISION = "approval-decision";
        /**
         * The requester or its agent withdrew the plan (correlated by {@link Variables#REQUEST_ID}); the service has
         * already recorded it. Caught by an interrupting event sub-process, at every stage of the process.
         */
        public static final String WITHDRAW_REQUEST = "withdraw-request";
        /** The agent reports the outcome of an approved plan (correlated by {@link Variables#REQUEST_ID}). */
        public static final String EXECUTION_REPORT = "execution-report";
        // breakglass (issue 14)
        /**
         * The service approved the plan by break-glass (correlated by {@link Variables#REQUEST_ID}, carrying
         * {@link Variables#BREAK_GLASS}); interrupts the approval.
         */
        public static final String BREAK_GLASS = "break-glass";
        /** One review of a break-glass and the service's verdict (carrying {@link Variables#BREAK_GLASS_REVIEW}). */
        public static final String BREAK_GLASS_REVIEW = "break-glass-review";

        private Messages() {
        }
    }

    /** BPMN error codes thrown by workers. */
    public static final class Errors {
        /**
         * Thrown by the {@code record-classification} worker (and {@code verify-plan} in older definitions) when the
         * stored plan no longer matches {@link Variables#PLAN_HASH}.
         */
        public static final String PLAN_MISMATCH = "plan-mismatch";
        /**
         * Thrown by {@code open-approval} and {@code approve-request} when the service already recorded a withdrawal:
         * the process ends as withdrawn, whether or not the withdraw message has arrived yet.
         */
        public static final String REQUEST_WITHDRAWN = "request-withdrawn";

        private Errors() {
        }
    }

    /** Process variables. */
    public static final class Variables {
        public static final String REQUEST_ID = "requestId";
        public static final String PLAN_HASH = "planHash";
        public static final String SERVICE = "service";
        public static final String ENVIRONMENT = "environment";
        public static final String REQUESTED_BY = "requestedBy";
        public static final String AGENT_ID = "agentId";
        /**
         * The canonical names of everyone on the requesting side (requester, human submitter, every engineer the
         * submitting agent token may act for), none of whom may approve; a list of strings.
         */
        public static final String REQUESTER_SIDE = "requesterSide";
        /**
         * One entry per action, shaped as {@link RiskInputFields}. Built by the service from the stored plan; the
         * service evaluates the same decision itself and stops the request if the engine's verdict differs.
         */
        public static final String RISK_INPUTS = "riskInputs";
        /** The DMN result per action, in the order of {@link #RISK_INPUTS} (each shaped as {@link RiskFields}). */
        public static final String ACTION_RISKS = "actionRisks";
        /** The DMN result for the plan's riskiest action (see {@link RiskFields}). */
        public static final String RISK = "risk";
        public static final String TIER = "tier";
        public static final String APPROVER_GROUPS = "approverGroups";
        public static final String ESCALATION_GROUPS = "escalationGroups";
        public static final String REQUIRE_EACH_GROUP = "requireEachGroup";
        public static final String REQUIRED_APPROVALS = "requiredApprovals";
        public static final String SLA_DURATION = "slaDuration";
        public static final String EXPIRY_DURATION = "expiryDuration";
        public static final String APPROVAL_WINDOW = "approvalWindow";
        public static final String APPROVAL_TASK_ID = "approvalTaskId";
        /** Every decision received so far, each shaped as {@link DecisionFields}. */
        public static final String APPROVALS = "approvals";
        /** The message variable carrying one decision. */
        public static final String DECISION = "decision";
        /**
         * The message variable carrying the service's verdict after that decision, shaped as {@link VerdictFields}.
         * The service is the one judge; the workflow follows it only where its own review agrees.
         */
        public static final String DECISION_VERDICT = "decisionVerdict";
        /**
         * The service verdict the workflow holds: of those received, the one that counted the most decisions (the
         * outbox may deliver two decisions' messages out of order).
         */
        public static final String SERVICE_VERDICT = "serviceVerdict";
        /** The message variable carrying an execution report: {outcome, reportedBy}. */
        public static final String EXECUTION = "execution";
        /** The workflow's own re-check of {@link #APPROVALS}, shaped as {@link ReviewFields}; set on every decision. */
        public static final String APPROVAL_REVIEW = "approvalReview";
        /** Why a plan is denied, set by the workflow for the {@code deny-request} worker. */
        public static final String DENIAL_REASON = "denialReason";
        // breakglass (issue 14)
        /** Who broke glass and how long the review may take, shaped as {@link BreakGlassFields}. */
        public static final String BREAK_GLASS = "breakGlass";
        /** The service's verdict on the review so far, shaped as {@link BreakGlassFields}. */
        public static final String BREAK_GLASS_REVIEW = "breakGlassReview";

        private Variables() {
        }
    }

    /**
     * Fields of one entry of {@link Variables#RISK_INPUTS}: the DMN inputs for one action. {@code environment} is the
     * effective environment (the declared one, raised by the inventory), {@code reversible} is false for a destructive
     * action whatever it declares.
     */
    public static final class RiskInputFields {
        public static final String ENVIRONMENT = "environment";
        public static final String OPERATION = "operation";
        /** Whether the action's command reads as destructive (the service's reading), whatever operation it declares. */
        public static final String COMMAND_LOOKS_DESTRUCTIVE = "commandLooksDestructive";
        /** {@code RESOURCE}, {@code REGION}, {@code MULTI_REGION} or {@code GLOBAL}. */
        public static final String SCOPE = "scope";
        public static final String REGION_COUNT = "regionCount";
        public static final String REVERSIBLE = "reversible";
        public static final String HAS_ROLLBACK_PLAN = "hasRollbackPlan";
        /**
         * Whether a change-freeze window covered the action (its effective environment, service and regions) when
         * the plan was submitted; a non-LOW action inside one is denied. Break-glass plans are never frozen.
         */
        public static final String ACTIVE_FREEZE = "activeFreeze";

        private RiskInputFields() {
        }
    }

    /** Fields of {@link Variables#BREAK_GLASS} and {@link Variables#BREAK_GLASS_REVIEW} (breakglass, issue 14). */
    public static final class BreakGlassFields {
        public static final String INVOKED_BY = "invokedBy";
        /** ISO-8601 duration after which the review escalates. */
        public static final String REVIEW_WITHIN = "reviewWithin";
        /** {@code PENDING}, {@code ACCEPTED} or {@code FLAGGED}. */
        public static final String OUTCOME = "outcome";
        /** The people who reviewed so far. */
        public static final String REVIEWERS = "reviewers";

        private BreakGlassFields() {
        }
    }

    /** Risk tiers, from least to most severe. */
    public static final class Tiers {
        public static final String LOW = "LOW";
        public static final String MEDIUM = "MEDIUM";
        public static final String HIGH = "HIGH";
        public static final String CRITICAL = "CRITICAL";
        public static final String DENIED = "DENIED";

        private Tiers() {
        }
    }

    /** Fields of the DMN output ({@link Variables#RISK}). */
    public static final class RiskFields {
        public static final String TIER = "tier";
        public static final String RANK = "rank";
        public static final String APPROVER_ROLES = "approverRoles";
        public static final String REQUIRED_APPROVALS = "requiredApprovals";
        public static final String COMMENT_REQUIRED = "commentRequired";
        public static final String SLA_DURATION = "slaDuration";
        public static final String EXPIRY_DURATION = "expiryDuration";
        public static final String APPROVAL_WINDOW = "approvalWindow";
        public static final String REASON = "reason";
        public static final String RULE_ID = "ruleId";

        private RiskFields() {
        }
    }

    /** Fields of one decision in {@link Variables#APPROVALS}. */
    public static final class DecisionFields {
        public static final String DECISION_ID = "decisionId";
        public static final String APPROVER = "approver";
        /** {@code HUMAN} or {@code AGENT}. */
        public static final String APPROVER_KIND = "approverKind";
        public static final String GROUPS = "groups";
        /** {@code APPROVE}, {@code REJECT} or {@code REQUEST_CHANGES}. */
        public static final String OUTCOME = "outcome";
        public static final String COMMENT = "comment";

        private DecisionFields() {
        }
    }

    /** Values of {@link DecisionFields#OUTCOME} and {@link DecisionFields#APPROVER_KIND}. */
    public static final class DecisionValues {
        public static final String APPROVE = "APPROVE";
        public static final String REJECT = "REJECT";
        public static final String REQUEST_CHANGES = "REQUEST_CHANGES";
        public static final String HUMAN = "HUMAN";
        public static final String AGENT = "AGENT";

        private DecisionValues() {
        }
    }

    /** Fields of {@link Variables#APPROVAL_REVIEW}. */
    public static final class ReviewFields {
        /** One of {@link ReviewOutcomes}. */
        public static final String OUTCOME = "outcome";
        /** Distinct valid approvers who approved: the names the approval token binds. */
        public static final String APPROVED_BY = "approvedBy";
        /** Approver groups no valid approver covers yet (empty unless {@link Variables#REQUIRE_EACH_GROUP}). */
        public static final String MISSING_GROUPS = "missingGroups";
        /** Decisions the workflow did not count: agents, the requester, the agent's id, outsiders. */
        public static final String IGNORED_DECISION_IDS = "ignoredDecisionIds";

        private ReviewFields() {
        }
    }

    /** Fields of {@link Variables#SERVICE_VERDICT}. */
    public static final class VerdictFields {
        /** One of {@link ReviewOutcomes}. */
        public static final String OUTCOME = "outcome";
        public static final String APPROVED_BY = "approvedBy";
        public static final String MISSING_GROUPS = "missingGroups";
        /** How many decisions the service had recorded on the approval, this one included. */
        public static final String DECISION_COUNT = "decisionCount";

        private VerdictFields() {
        }
    }

    /** Values of {@link ReviewFields#OUTCOME} and {@link VerdictFields#OUTCOME}. */
    public static final class ReviewOutcomes {
        public static final String PENDING = "PENDING";
        public static final String APPROVED = "APPROVED";
        public static final String REJECTED = "REJECTED";
        public static final String CHANGES_REQUESTED = "CHANGES_REQUESTED";

        private ReviewOutcomes() {
        }
    }

    /** Element ids that code and tests look at (the diagram highlight, process tests). */
    public static final class Elements {
        public static final String START = "start_event_plan_submitted";
        public static final String BOUNDARY_PLAN_MISMATCH = "boundary_event_plan_mismatch";
        public static final String TASK_CLASSIFY_ACTION = "business_rule_task_classify_action";
        public static final String TASK_SELECT_RISKIEST_ACTION = "script_task_select_riskiest_action";
        public static final String TASK_RECORD_CLASSIFICATION = "service_task_record_classification";
        public static final String GATEWAY_TIER = "gateway_tier";
        public static final String TASK_DENY = "service_task_deny_request";
        public static final String SUBPROCESS_APPROVAL = "sub_process_approval";
        public static final String TASK_OPEN_APPROVAL = "service_task_open_approval";
        public static final String CATCH_DECISION = "message_catch_event_decision";
        public static final String GATEWAY_DECISION = "gateway_decision";
        public static final String TASK_REPORT_DISAGREEMENT = "service_task_report_disagreement";
        public static final String END_APPROVAL_GRANTED = "end_event_approval_granted";
        public static final String END_APPROVAL_REJECTED = "end_event_approval_rejected";
        public static final String END_APPROVAL_CHANGES_REQUESTED = "end_event_approval_changes_requested";
        public static final String GATEWAY_APPROVAL_OUTCOME = "gateway_approval_outcome";
        public static final String BOUNDARY_ESCALATE = "boundary_event_escalate";
        public static final String TASK_ESCALATE = "service_task_escalate_approval";
        public static final String END_ESCALATED = "end_event_escalated";
        public static final String BOUNDARY_EXPIRED = "boundary_event_expired";
        public static final String TASK_EXPIRE = "service_task_expire_request";
        public static final String EVENT_SUBPROCESS_WITHDRAWN = "event_sub_process_withdrawn";
        public static final String START_WITHDRAWN = "start_event_withdrawn";
        public static final String TASK_WITHDRAW = "service_task_withdraw_request";
        public static final String BOUNDARY_WITHDRAWN_BEFORE_APPROVAL = "boundary_event_withdrawn_before_approval";
        public static final String BOUNDARY_WITHDRAWN_BEFORE_GRANT = "boundary_event_withdrawn_before_grant";
        public static final String END_WITHDRAWN_EARLY = "end_event_withdrawn_early";
        public static final String TASK_REJECT = "service_task_reject_request";
        public static final String TASK_REQUEST_CHANGES = "service_task_request_changes";
        public static final String TASK_APPROVE = "service_task_approve_request";
        public static final String GATEWAY_AWAIT_EXECUTION = "gateway_await_execution";
        public static final String CATCH_EXECUTION = "message_catch_event_execution_reported";
        public static final String TIMER_APPROVAL_WINDOW = "timer_event_approval_window";
        public static final String TASK_RECORD_EXECUTION = "service_task_record_execution";
        public static final String TASK_LAPSE = "service_task_lapse_approval";
        public static final String END_DENIED = "end_event_denied";
        public static final String END_REJECTED = "end_event_rejected";
        public static final String END_CHANGES_REQUESTED = "end_event_changes_requested";
        public static final String END_EXPIRED = "end_event_expired";
        public static final String END_WITHDRAWN = "end_event_withdrawn";
        public static final String END_EXECUTED = "end_event_executed";
        public static final String END_LAPSED = "end_event_lapsed";
        // breakglass (issue 14)
        public static final String BOUNDARY_BREAK_GLASS = "boundary_event_break_glass";
        public static final String TASK_CONFIRM_BREAK_GLASS = "service_task_confirm_break_glass";
        public static final String GATEWAY_BREAK_GLASS_FORK = "gateway_break_glass_fork";
        public static final String SUBPROCESS_BREAK_GLASS_REVIEW = "sub_process_break_glass_review";
        public static final String CATCH_BREAK_GLASS_REVIEWED = "message_catch_event_break_glass_reviewed";
        public static final String GATEWAY_BREAK_GLASS_REVIEW_COMPLETE = "gateway_break_glass_review_complete";
        public static final String BOUNDARY_BREAK_GLASS_REVIEW_OVERDUE = "boundary_event_break_glass_review_overdue";
        public static final String TASK_ESCALATE_BREAK_GLASS_REVIEW = "service_task_escalate_break_glass_review";
        public static final String END_BREAK_GLASS_REVIEW_ESCALATED = "end_event_break_glass_review_escalated";
        public static final String END_BREAK_GLASS_REVIEWED = "end_event_break_glass_reviewed";

        private Elements() {
        }
    }
}
