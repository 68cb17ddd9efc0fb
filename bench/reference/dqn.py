"""PyTorch side of the ``dqn`` workload: DQN on CartPole (classic dynamics, 500-step limit), Q-network 4→128→128→2,
replay 10 000, batch 64, one update per step once 64 transitions are stored, target sync every 500 steps, ε linear
1.0 → 0.05 over 2000 steps, γ 0.99, Huber loss, Adam(1e-3); 5000 environment steps timed end to end after a
300-step warm-up run. gym is not installed, so CartPole is written here with the same equations as Nabla's."""
import math
import time

import numpy as np
import torch
import torch.nn.functional as F

import common

GRAVITY, MASS_CART, MASS_POLE, HALF_LENGTH, FORCE_MAG, TAU = 9.8, 1.0, 0.1, 0.5, 10.0, 0.02
TOTAL_MASS = MASS_CART + MASS_POLE
POLE_MASS_LENGTH = MASS_POLE * HALF_LENGTH
THETA_THRESHOLD = 12 * 2 * math.pi / 360
X_THRESHOLD = 2.4
MAX_STEPS = 500


class CartPole:
    """Gymnasium's CartPole-v1: explicit Euler, reward 1 per step, failure at 12° or 2.4, truncation at 500 steps."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.state = None
        self.steps = 0

    def reset(self):
        self.state = self.rng.uniform(-0.05, 0.05, size=4)
        self.steps = 0
        return np.array(self.state, dtype=np.float32)

    def step(self, action):
        x, x_dot, theta, theta_dot = self.state
        force = FORCE_MAG if action == 1 else -FORCE_MAG
        cos, sin = math.cos(theta), math.sin(theta)
        temp = (force + POLE_MASS_LENGTH * theta_dot * theta_dot * sin) / TOTAL_MASS
        theta_acc = (GRAVITY * sin - cos * temp) / (HALF_LENGTH * (4.0 / 3.0 - MASS_POLE * cos * cos / TOTAL_MASS))
        x_acc = temp - POLE_MASS_LENGTH * theta_acc * cos / TOTAL_MASS
        x += TAU * x_dot
        x_dot += TAU * x_acc
        theta += TAU * theta_dot
        theta_dot += TAU * theta_acc
        self.state = (x, x_dot, theta, theta_dot)
        self.steps += 1
        terminated = x < -X_THRESHOLD or x > X_THRESHOLD or theta < -THETA_THRESHOLD or theta > THETA_THRESHOLD
        truncated = self.steps >= MAX_STEPS
        return np.array(self.state, dtype=np.float32), 1.0, terminated, truncated


def q_network():
    nn = torch.nn
    return nn.Sequential(nn.Linear(4, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 2))


def run(steps, seed, capacity=10_000, batch=64, gamma=0.99, target_every=500, eps_start=1.0, eps_end=0.05, eps_steps=2000):
    """One DQN training run of ``steps`` environment steps; returns the number of finished episodes."""
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    env = CartPole(seed)
    q = q_network()
    target = q_network()
    target.load_state_dict(q.state_dict())
    optimizer = torch.optim.Adam(q.parameters(), lr=1e-3)
    obs_buf = np.zeros((capacity, 4), dtype=np.float32)
    next_buf = np.zeros((capacity, 4), dtype=np.float32)
    act_buf = np.zeros(capacity, dtype=np.int64)
    rew_buf = np.zeros(capacity, dtype=np.float32)
    done_buf = np.zeros(capacity, dtype=np.float32)
    pos = size = episodes = 0
    obs = env.reset()
    for step in range(steps):
        epsilon = eps_start + (eps_end - eps_start) * min(1.0, step / eps_steps)
        if rng.random() < epsilon:
            action = int(rng.integers(2))
        else:
            with torch.no_grad():
                action = int(q(torch.from_numpy(obs).unsqueeze(0)).argmax(1).item())
        next_obs, reward, terminated, truncated = env.step(action)
        obs_buf[pos], act_buf[pos], rew_buf[pos], next_buf[pos], done_buf[pos] = obs, action, reward, next_obs, terminated
        pos = (pos + 1) % capacity
        size = min(size + 1, capacity)
        if size >= batch:
            idx = rng.integers(0, size, size=batch)
            o, a = torch.from_numpy(obs_buf[idx]), torch.from_numpy(act_buf[idx])
            r, n, d = torch.from_numpy(rew_buf[idx]), torch.from_numpy(next_buf[idx]), torch.from_numpy(done_buf[idx])
            with torch.no_grad():
                y = r + gamma * (1 - d) * target(n).max(1).values
            q_sa = q(o).gather(1, a.unsqueeze(1)).squeeze(1)
            loss = F.smooth_l1_loss(q_sa, y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        if (step + 1) % target_every == 0:
            target.load_state_dict(q.state_dict())
        if terminated or truncated:
            episodes += 1
            obs = env.reset()
        else:
            obs = next_obs
    return episodes


def main():
    common.setup(__doc__)
    run(300, seed=1)
    start = time.perf_counter()
    episodes = run(5000, seed=0)
    common.emit({"steps5000_s": time.perf_counter() - start, "episodes": episodes})


if __name__ == "__main__":
    main()
