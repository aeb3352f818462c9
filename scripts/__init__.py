"""The project's scripts, run from the repository root as modules (`python -m scripts.eval_checker`), so they
import the project's packages (cyberprotect, actions, channels, ...) without editing sys.path."""
