package io.countersign.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code countersign} command: submit a plan, verify an approval token offline, and run exactly an approved plan.
 * An executor (CI job, runner) holds the production credentials and runs plans only through {@code run}; the agent
 * that proposes them never needs those credentials.
 */
@Command(name = "countersign", mixinStandardHelpOptions = true, version = "countersign 0.1.0",
        description = "Submit change plans to Countersign, verify approval tokens offline, run approved plans.",
        subcommands = {SubmitCommand.class, VerifyCommand.class, RunCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done: submitted (and approved, with --wait), token valid, plan ran and was reported SUCCEEDED",
                "1:refused: a token or plan that does not match, a request not approved, a token spent, revoked or"
                        + " expired, or a plan denied or rejected; nothing was run",
                "2:bad usage or unreadable input (a plan file that is not a plan, no server or agent token given)",
                "3:the plan ran and a command failed; the run stopped there and was reported FAILED",
                "4:the server could not be reached or gave an answer the command cannot use",
                "5:--wait ended before a decision"})
public final class Countersign {

    private Countersign() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, with every stop turned into its documented exit code and one line saying why. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Countersign());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof Stop stop) {
                cmd.getErr().println(stop.getMessage());
                cmd.getErr().flush();
                return stop.exitCode();
            }
            throw e;
        });
        return commandLine;
    }
}
