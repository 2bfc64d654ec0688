package dev.backstop.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code backstop man}: prints the manual page (roff), made from every command's help; hidden. */
@Command(name = "man", hidden = true, description = "Print the manual page backstop(1) in roff, e.g. for man -l -.")
final class ManCommand implements Callable<Integer> {

    @ParentCommand
    BackstopCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        parent.out.print(ManPage.render(spec.parent()));
        return 0;
    }
}
