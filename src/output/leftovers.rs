//! What builds killed before they finished left beside the output.

use super::switch::beside;
use std::fs::File;
use std::path::Path;

/// Removes what builds killed before they finished left beside `output`: staging folders
/// (`.public.xuezhou-new-PID`), previous builds not yet removed (`-old-PID`) and lock files
/// (`-lock-PID`). A folder of a build that is still running is left alone.
pub fn remove_leftovers(output: &Path) {
    let (parent, name) = beside(output);
    let Ok(entries) = std::fs::read_dir(&parent) else {
        return;
    };
    let prefix = format!(".{name}.xuezhou-");
    let mut dead_locks = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some((kind, pid)) = file_name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.split_once('-'))
        else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid == std::process::id() || alive(pid, &parent.join(format!("{prefix}lock-{pid}"))) {
            continue;
        }
        match kind {
            // Folders beside an output; single files beside the tables in reports/.
            "new" | "old" if entry.file_type().is_ok_and(|t| t.is_dir()) => {
                let _ = std::fs::remove_dir_all(entry.path());
            }
            "new" | "old" => {
                let _ = std::fs::remove_file(entry.path());
            }
            "lock" => dead_locks.push(entry.path()),
            _ => {}
        }
    }
    // After the folders, so a lock file never goes before the folder it guards.
    for lock in dead_locks {
        let _ = std::fs::remove_file(lock);
    }
}

/// Whether the build with this process id may still be running. Linux: its /proc entry. Elsewhere:
/// its lock file is locked (the system releases the lock of a killed process).
fn alive(pid: u32, lock: &Path) -> bool {
    if Path::new("/proc/self").exists() {
        return Path::new("/proc").join(pid.to_string()).exists();
    }
    locked(lock)
}

fn locked(lock: &Path) -> bool {
    let Ok(file) = File::open(lock) else {
        return false;
    };
    match file.try_lock() {
        Ok(()) => {
            let _ = file.unlock();
            false
        }
        Err(std::fs::TryLockError::WouldBlock) => true,
        // Cannot tell: leave it.
        Err(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::testing::{beside_output, scratch};

    #[test]
    #[cfg(target_os = "linux")]
    fn leftovers_of_killed_builds_go_and_running_ones_stay() {
        let (tmp, out) = scratch("leftovers");
        let parent = out.parent().unwrap();
        // No process has this id (above the Linux limit of 2^22).
        let dead = 4_194_400;
        for kind in ["new", "old"] {
            std::fs::create_dir_all(parent.join(format!(".public.xuezhou-{kind}-{dead}/x")))
                .unwrap();
        }
        std::fs::write(parent.join(format!(".public.xuezhou-lock-{dead}")), "").unwrap();
        // A running build: this process's parent (the test harness's own id is skipped anyway).
        let running = std::os::unix::process::parent_id();
        std::fs::create_dir_all(parent.join(format!(".public.xuezhou-new-{running}"))).unwrap();
        std::fs::create_dir_all(parent.join(".other.xuezhou-new-1")).unwrap();
        std::fs::create_dir_all(parent.join("content")).unwrap();
        remove_leftovers(&out);
        assert_eq!(
            beside_output(&out),
            vec![
                format!(".other.xuezhou-new-1"),
                format!(".public.xuezhou-new-{running}"),
                "content".to_string()
            ]
        );
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn a_lock_file_tells_a_running_build() {
        let (tmp, _) = scratch("lock");
        let path = tmp.join("lock");
        assert!(!locked(&path), "no lock file: nobody runs");
        let file = File::create(&path).unwrap();
        assert!(!locked(&path));
        file.lock().unwrap();
        assert!(locked(&path));
        drop(file);
        assert!(!locked(&path), "the lock goes with its process's file");
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
